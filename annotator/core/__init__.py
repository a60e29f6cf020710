"""The Qt-free core: reading, metadata, segmentation, suggestions, storage and formats."""
