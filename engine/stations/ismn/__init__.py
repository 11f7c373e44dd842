"""ISMN (International Soil Moisture Network) downloads → station observations.

The ISMN (https://ismn.earth, TU Wien) distributes in-situ soil moisture as a folder or zip
per download, one file per network, station, sensor, depth and period. Read here: the
"Header + values" and the "CEOP format, separate files" downloads (both ``.stm``) and the
station's ``*_static_variables.csv``. The layouts follow the ismn package (TU Wien, MIT
licence, version 1.5.4: ``ismn/filehandlers.py``), which reads the same files.

- :mod:`.names`: what an ISMN file name says (network, station, variable, depth, sensor);
- :mod:`.stm`: one ``.stm`` file (either format) → coordinates, depth and a time series;
- :mod:`.static_variables`: land cover (ESA CCI LC) and climate (Köppen–Geiger) classes;
- :mod:`.archive`: folders, zips and single files → the ISMN files they hold;
- :mod:`.filters`: :class:`IsmnOptions` (depth, flags, networks, period, sensors);
- :mod:`.importer`: all of it → filtered series, with what was dropped and why counted.
"""
