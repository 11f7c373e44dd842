"""Optional packages are detected and named with an install command."""
from smdownscale.engine.dependencies import install_hint, missing, missing_message


def test_missing_packages_are_named_with_install_command():
    assert missing(["numpy", "surely_not_a_package_xyz"]) == ["surely_not_a_package_xyz"]
    msg = missing_message(["numpy", "surely_not_a_package_xyz"])
    assert "surely_not_a_package_xyz: python3 -m pip install --break-system-packages" in msg
    assert missing_message(["numpy"]) == ""


def test_rasterio_is_never_installed_from_pip():
    assert install_hint("rasterio") == "sudo apt-get install python3-rasterio"
    assert "pip" in install_hint("lightgbm")
