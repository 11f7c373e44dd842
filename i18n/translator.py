"""Load the plugin's Qt translation for the QGIS user interface locale."""
import os

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

_I18N_DIR = os.path.dirname(__file__)


def current_locale():
    """The QGIS UI locale, e.g. 'zh_CN' or 'en_US'."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return settings.value("locale/userLocale", "") or QLocale.system().name()
    return QLocale.system().name()


def install_translator():
    """Install ``smdownscale_<locale>.qm`` when it exists; return the translator or None."""
    locale = current_locale()
    for name in (locale, locale.split("_")[0]):
        path = os.path.join(_I18N_DIR, f"smdownscale_{name}.qm")
        if os.path.exists(path):
            translator = QTranslator()
            if translator.load(path):
                QCoreApplication.installTranslator(translator)
                return translator
    return None
