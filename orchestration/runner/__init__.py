"""The parse fan-out: discovery (one stat and one hash per file) -> typed tasks -> a process pool -> the lake."""
