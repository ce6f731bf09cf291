"""Pure text cleaning: bytes in, clean reports, sections and removal records out. No I/O, no Prefect."""
