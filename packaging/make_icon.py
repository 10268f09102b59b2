"""Draws the app icon (a gold star on Party red) into packaging/linux/chibo.png and
packaging/chibo.ico. Run once after changing it: python packaging/make_icon.py"""
import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPolygonF  # noqa: E402

HERE = Path(__file__).resolve().parent


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#c8102e"))
    p.drawRoundedRect(0, 0, size, size, size * 0.18, size * 0.18)
    cx, cy, r_out = size / 2, size / 2 + size * 0.03, size * 0.36
    r_in = r_out * 0.382
    points = []
    for i in range(10):
        r = r_out if i % 2 == 0 else r_in
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(cx + r * math.cos(angle), cy + r * math.sin(angle)))
    p.setBrush(QColor("#ffcd00"))
    p.drawPolygon(QPolygonF(points))
    p.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication(sys.argv)
    draw(256).save(str(HERE / "linux" / "chibo.png"))
    draw(256).save(str(HERE / "chibo.ico"))
    print("icons written")
