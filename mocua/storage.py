"""Files the app writes once and serves later (papers, signed copies): stored under exactly the name
asked for, replacing an earlier attempt."""

import os
import threading
from pathlib import Path

from django.core.files.base import ContentFile


def store_exactly(storage, name: str, data: bytes) -> str:
    """Store `data` under exactly `name` in `storage` (atomically on a local disk: a reader sees the
    old file or the new one, never half of it); a remote storage deletes and saves again."""
    try:
        path = Path(storage.path(name))
    except NotImplementedError:
        storage.delete(name)
        return storage.save(name, ContentFile(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    part.write_bytes(data)
    os.replace(part, path)
    return name
