"""The real ISMN files of tests/data/ismn and plain-text readers for expected values.

The files come unchanged from the ismn 1.5.4 source distribution (tests/test_data; see
tests/data/ismn/README.txt). Their layout is ISMN's "Header + values" format (first line:
CSE id, network, station, latitude, longitude, elevation, depth from, depth to, sensor;
then "YYYY/MM/DD HH:MM value ISMN-flag [provider-flag]") and "CEOP, separate files"
format (15 fields per line, the value 13th and its ISMN flag 14th). The readers below use
nothing but ``str.split`` so that tests take their expected values from the text itself.
"""
import pathlib

DATA = pathlib.Path(__file__).parent / "data" / "ismn"
ARM1 = (DATA / "Data_seperate_files_header_20170810_20180809" / "COSMOS" / "ARM-1" /
        "COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm")
ARM1_STATIC = ARM1.parent / "COSMOS_COSMOS_ARM-1_static_variables.csv"
_NARBONNE = ("SMOSMANIA_SMOSMANIA_Narbonne_sm_0.050000_0.050000_ThetaProbe-ML2X_"
             "20070101_20070131.stm")
SMOSMANIA_HV = DATA / "format_header_values" / "SMOSMANIA" / _NARBONNE
SMOSMANIA_CEOP = DATA / "format_ceop_sep" / "SMOSMANIA" / _NARBONNE
SMOSMANIA_ZIP = DATA / "zip_archives" / "format_header_values" / "Data_SMOSMANIA.zip"
RSMN = (DATA / "archive_sample" / "RSMN" / "Adamclisi" /
        "RSMN_RSMN_Adamclisi_sm_0.000000_0.050000_Meter-5TM_1_1_19500101_20260512.stm")
RSMN_ZIP = DATA / "archive_sample" / "ismn_archive.zip"


def text_lines(path):
    """The non-empty lines of a file, whatever its line ends (CR, LF, CR LF)."""
    text = open(path, "rb").read().decode("latin-1")
    return [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if line.strip()]


def header_fields(path):
    """The white-space separated fields of a 'Header + values' file's first line."""
    return text_lines(path)[0].split()


def data_lines(path):
    """Fields of every observation line as [date, time, value, ISMN flag]."""
    lines = text_lines(path)
    if lines[0].split()[0].count("/") == 2:  # CEOP: no header line
        return [[f[0], f[1], f[12], f[13]] for f in (line.split() for line in lines)]
    return [line.split()[:4] for line in lines[1:]]


def line_at(path, stamp):
    """The fields of the one line whose date and time are ``stamp`` ('YYYY/MM/DD HH:MM')."""
    day, clock = stamp.split()
    found = [line.split() for line in text_lines(path)
             if line.split()[:2] == [day, clock]]
    assert len(found) == 1, (path, stamp)
    return found[0]
