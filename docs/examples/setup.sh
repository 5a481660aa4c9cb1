scripts/demo    # installs what is missing, builds, and runs the main job against the bundled local Azure
scripts/test    # installs what is missing, builds, and runs every test (unit, end-to-end, image)
