"""Draw the Bina Kader app icon (installer/bina-kader.png and .ico) with Pillow.

Run once after changing the design: `.venv/bin/python installer/make_icon.py`. The outputs are committed so the
build does not depend on this script. The letters use the DejaVu Sans Bold shipped in resources/fonts.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
MASTER = 1024  # drawn large, then scaled down for each icon size
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
TEAL_TOP = (20, 140, 125)
TEAL_BOTTOM = (11, 94, 86)
ACCENT = (252, 196, 66)  # a warm dot: the Posyandu "bintang" / a caring touch
WHITE = (255, 255, 255)


def draw(size: int = MASTER) -> Image.Image:
    """The icon at `size` px: a teal rounded square, white "BK", a yellow dot top right."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    # vertical gradient, clipped by a rounded-square mask
    gradient = Image.new("RGBA", (size, size))
    pixels = ImageDraw.Draw(gradient)
    for y in range(size):
        t = y / (size - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(TEAL_TOP, TEAL_BOTTOM, strict=True))
        pixels.line([(0, y), (size, y)], fill=(*colour, 255))
    mask = Image.new("L", (size, size), 0)
    margin = size * 0.04
    ImageDraw.Draw(mask).rounded_rectangle([margin, margin, size - margin, size - margin],
                                           radius=size * 0.22, fill=255)
    img.paste(gradient, (0, 0), mask)
    pen = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), round(size * 0.42))
    pen.text((size * 0.47, size * 0.58), "BK", font=font, fill=WHITE, anchor="mm")
    r = size * 0.075
    cx, cy = size * 0.78, size * 0.22
    pen.ellipse([cx - r, cy - r, cx + r, cy + r], fill=ACCENT)
    return img


def main() -> None:
    master = draw()
    master.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "bina-kader.png", optimize=True)
    master.save(HERE / "bina-kader.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
