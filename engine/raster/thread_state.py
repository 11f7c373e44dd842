"""State an object keeps per thread and leaves out when it is pickled.

Objects sent to cluster workers (:class:`~.executors.UnitTask`,
:class:`~.lazy_raster.LazyRaster`) hold open files and caches that must not
travel (an open GDAL dataset cannot be pickled) and must not be shared between
threads (one dataset read by two threads at once, a kriging cache filled by two).
:class:`ThreadState` gives them ``self.local``: a ``threading.local`` created on
first use, dropped from the pickled state and so created afresh where the object
is unpickled.
"""
import copy
import threading


class ThreadState:
    """Mixin: ``self.local`` is this thread's namespace; it is not pickled."""

    @property
    def local(self):
        """This object's ``threading.local`` (made on first use, in any thread)."""
        found = self.__dict__.get("_local")
        if found is None:  # dict.setdefault is atomic: two threads get the same one
            found = self.__dict__.setdefault("_local", threading.local())
        return found

    def thread_copy(self, name, value):
        """This thread's deep copy of ``value``, made on its first call and kept under ``name``.

        For objects whose caches are not thread-safe (a Kriging's solved tiles): each
        thread works on its own copy, made once per thread (and again after pickling).
        """
        mine = getattr(self.local, name, None)
        if mine is None:
            mine = copy.deepcopy(value)
            setattr(self.local, name, mine)
        return mine

    def kept(self, name, key, open_item):
        """This thread's item ``name`` for ``key``, opened by ``open_item()`` when needed.

        The thread keeps one item per name (the file or files of one input or date):
        asked for another ``key``, it closes the one it has (:meth:`release`) first.
        """
        held = getattr(self.local, name, None)
        if held is None or held[0] != key:
            self.release(name)
            held = (key, open_item())
            setattr(self.local, name, held)
        return held[1]

    def release(self, name):
        """Close (``.close()``) and forget this thread's item ``name``, if it has one."""
        held = getattr(self.local, name, None)
        if held is not None:
            setattr(self.local, name, None)
            held[1].close()

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_local", None)
        return state
