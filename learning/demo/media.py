"""Demo media: cover images drawn with Pillow and a short video lesson, stored like a
trainer's upload (the type comes from the bytes, the row records size and hash).

The video (``media/solicitud-paso-a-paso.mp4``, 6 s, 480×270, H.264 and AAC, about 19 KB)
was made once with ffmpeg, so loading the demo needs neither ffmpeg nor the internet::

    ffmpeg -f lavfi -i color=c=0x1d3f73:size=480x270:rate=15:duration=6 \\
      -f lavfi -i anullsrc=r=22050:cl=mono -t 6 -vf "drawtext=…" \\
      -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 28 -c:a aac -b:a 16k \\
      -shortest -movflags +faststart solicitud-paso-a-paso.mp4
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, features

from learning.accounts.models import User
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.filenames import new_key
from learning.storage.filetypes import HEAD_SIZE, IMAGE_EXTENSIONS, detect
from learning.storage.models import AVAILABLE, StoredFile
from learning.storage.store import get_storage

MEDIA = Path(__file__).resolve().parent / "media"
VIDEO = MEDIA / "solicitud-paso-a-paso.mp4"

# A colour per programme theme (the first theme of a workshop picks its cover's colour).
THEME_COLOURS = {
    "democracy": ((29, 63, 115), (242, 169, 0)),
    "digital": ((20, 92, 110), (120, 210, 220)),
    "climate": ((38, 94, 52), (190, 225, 120)),
    "growth": ((120, 52, 28), (245, 190, 120)),
}
COVER_SIZE = (480, 270)


def cover_image(seed: str, theme: str) -> tuple[str, bytes]:
    """A small abstract cover (16:9) for ``theme``, the same for the same ``seed``:
    (file extension, bytes), WebP when Pillow can write it, else PNG."""
    ground, accent = THEME_COLOURS.get(theme, THEME_COLOURS["democracy"])
    rng = random.Random(seed)  # noqa: S311 - drawing, not security
    image = Image.new("RGB", COVER_SIZE, ground)
    draw = ImageDraw.Draw(image)
    width, height = COVER_SIZE
    for _ in range(7):
        x, y = rng.randrange(-60, width), rng.randrange(-60, height)
        size = rng.randrange(40, 160)
        shade = tuple(min(255, c + rng.randrange(10, 50)) for c in ground)
        draw.ellipse((x, y, x + size, y + size), fill=shade)
    for step in range(5):
        y = height - 40 - step * 18
        draw.line((0, y + rng.randrange(-8, 8), width, y - 30), fill=accent, width=4)
    draw.rectangle((0, height - 10, width, height), fill=accent)
    out = io.BytesIO()
    if features.check("webp"):
        image.save(out, "WEBP", quality=70)
        return "webp", out.getvalue()
    image.save(out, "PNG", optimize=True)
    return "png", out.getvalue()


def store(kind: str, name: str, content: bytes, uploader: User, allowed=None) -> StoredFile:
    """Store ``content`` and its row in the demo's transaction, its type read from the bytes.

    ``storage.services.store_upload`` commits each pending row in a transaction of its own,
    which would wait for the demo's open transaction on SQLite; here the row is written with
    the demo's other rows (an object left by a failed demo is removed by ``flask storage
    gc``). Raises storage.filetypes.RefusedType for bytes an upload would refuse.
    """
    kwargs = {"allowed": allowed} if allowed is not None else {}
    found = detect(name, content[:HEAD_SIZE], io.BytesIO(content), **kwargs)
    key = new_key(kind)
    result = get_storage().put(key, io.BytesIO(content), found.content_type)
    row = StoredFile(
        key=key,
        kind=kind,
        original_name=name,
        content_type=found.content_type,
        size=result.size,
        sha256=result.sha256,
        state=AVAILABLE,
        available_at=utcnow(),
        uploader_id=uploader.id,
    )
    db.session.add(row)
    return row


def cover(slug: str, theme: str, uploader: User) -> StoredFile:
    """A workshop's cover, stored as a trainer's cover upload is (kind ``cover``)."""
    extension, content = cover_image(slug, theme)
    return store("cover", f"{slug}.{extension}", content, uploader, IMAGE_EXTENSIONS)


def video() -> bytes:
    """The demo's short video lesson (MP4)."""
    return VIDEO.read_bytes()
