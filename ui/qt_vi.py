"""Vietnamese for Qt's own texts (Qt ships no Vietnamese catalog).

Our dialogs set their button texts themselves; this catalog is the safety net for what Qt
builds on its own: file dialogs, context menus of text fields, standard buttons.
``QT_VI`` is the source; ``python -m ui.qt_vi`` writes it as a Qt .ts file (each text under
every context below) and compiles ``ui/qt_vi.qm`` with lrelease. The .qm is committed and
loaded natively: a Python ``QTranslator.translate`` override would run on every ``tr()``
and, in PySide6 6.12, loses a reference to ``None`` per call (the process then aborts).
"""
from __future__ import annotations

from pathlib import Path

QM_PATH = Path(__file__).with_name("qt_vi.qm")
CONTEXTS = ("QPlatformTheme", "QFileDialog", "QFileSystemModel", "QAbstractFileIconProvider",
            "QFileIconProvider", "QMessageBox", "QDialogButtonBox", "QLineEdit",
            "QWidgetTextControl", "QAbstractSpinBox", "QScrollBar", "QAbstractScrollArea",
            "QInputDialog", "QLocale", "QColorDialog", "QFontDialog", "QWizard", "QErrorMessage",
            # the print dialog (QPrintDialog on Linux/CUPS, its properties and job pages)
            "QPrintDialog", "QUnixPrintWidget", "QPrintSettingsOutput", "QPrintWidget",
            "QPrintPropertiesWidget", "QPrintPropertiesDialog", "QPageSetupWidget",
            "QPageSetupDialog", "QCupsJobWidget", "QPPDOptionsModel", "QPrintDevice", "QPageSize",
            "QPrintPreviewDialog")

QT_VI = {
    # standard buttons (QPlatformTheme)
    "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Yes": "&Có",
    "Yes to &All": "Có với tất &cả", "&No": "&Không", "N&o to All": "Khô&ng với tất cả",
    "Abort": "Hủy bỏ", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng",
    "Cancel": "Hủy", "Discard": "Bỏ thay đổi", "Help": "Trợ giúp", "Apply": "Áp dụng",
    "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết...",
    # file dialog (QFileDialog, QFileSystemModel, QAbstractFileIconProvider)
    "&Look in:": "&Tìm trong:", "Look in:": "Tìm trong:", "File &name:": "&Tên tệp:",
    "Files of &type:": "&Loại tệp:", "Files of type:": "Loại tệp:", "&Open": "&Mở",
    "&Save": "&Lưu", "&Choose": "&Chọn", "&Delete": "&Xóa", "&Rename": "Đổi &tên",
    "&New Folder": "Thư mục &mới", "New Folder": "Thư mục mới", "All Files (*)": "Mọi tệp (*)",
    "Back": "Quay lại", "Forward": "Tiến tới", "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo một thư mục mới",
    "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
    "Change to list view mode": "Xem dạng danh sách",
    "Change to detail view mode": "Xem dạng chi tiết", "Go back": "Quay lại",
    "Go forward": "Tiến tới", "Go to the parent directory": "Lên thư mục cha",
    "List of places and bookmarks": "Danh sách nơi lưu và dấu trang",
    "Show &hidden files": "Hiện các tệp &ẩn", "Sidebar": "Thanh bên", "Files": "Tệp",
    "Directory:": "Thư mục:", "Recent Places": "Nơi đã mở gần đây", "Computer": "Máy tính",
    "My Computer": "Máy tính", "Name": "Tên", "Size": "Kích thước", "Type": "Loại",
    "Kind": "Loại", "Date Modified": "Ngày sửa", "Folder": "Thư mục", "Drive": "Ổ đĩa",
    "File": "Tệp", "File Folder": "Thư mục", "Unknown": "Không rõ",
    "%1 bytes": "%1 byte", "%1 KB": "%1 KB", "%1 MB": "%1 MB", "%1 GB": "%1 GB",
    "Are you sure you want to delete '%1'?": "Xóa “%1”?",
    "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nGhi đè lên tệp đó?",
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
        "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
    # text fields and spin boxes (context menus)
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép",
    "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả", "&Select All": "&Chọn tất cả",
    "&Step up": "&Tăng", "Step &down": "&Giảm", "Insert Unicode control character":
        "Chèn ký tự điều khiển Unicode",
    # scroll bars
    "Scroll here": "Cuộn đến đây", "Left edge": "Mép trái", "Top": "Đầu", "Right edge": "Mép phải",
    "Bottom": "Cuối", "Page left": "Trang trái", "Page up": "Trang trên",
    "Page right": "Trang phải", "Page down": "Trang dưới", "Scroll left": "Cuộn trái",
    "Scroll up": "Cuộn lên", "Scroll right": "Cuộn phải", "Scroll down": "Cuộn xuống",
    # print dialog
    "Print": "In", "&Print": "&In", "Printer": "Máy in", "&Name:": "&Tên:",
    "P&roperties": "Th&uộc tính", "Properties": "Thuộc tính", "Location:": "Vị trí:",
    "Type:": "Loại:", "Output &file:": "&Tệp xuất:", "&Options >>": "&Tùy chọn >>",
    "&Options <<": "&Tùy chọn <<", "Copies": "Số bản", "Copies:": "Số bản:",
    "Options": "Tùy chọn", "Print range": "Phạm vi in", "Print all": "In tất cả",
    "Pages from": "Các trang từ", "to": "đến", "Pages": "Các trang",
    "Current Page": "Trang hiện tại", "Selection": "Phần đã chọn", "Collate": "Xếp theo bộ",
    "Reverse": "In ngược thứ tự", "Preview": "Xem trước", "Output Settings": "Thiết lập in",
    "Page &Set:": "&Nhóm trang:", "All Pages": "Tất cả các trang", "Odd Pages": "Trang lẻ",
    "Even Pages": "Trang chẵn", "Color Mode": "Chế độ màu", "Color": "Màu",
    "Grayscale": "Thang xám", "Double Sided Printing": "In hai mặt", "Off": "Tắt",
    "Long side binding": "Lật theo cạnh dài", "Short side binding": "Lật theo cạnh ngắn",
    "Printer Properties": "Thuộc tính máy in", "Page": "Trang", "Advanced": "Nâng cao",
    "Paper": "Giấy", "Page size:": "Khổ giấy:", "Paper source:": "Khay giấy:",
    "Width:": "Rộng:", "Height:": "Cao:", "Orientation": "Hướng giấy",
    "Portrait": "Dọc", "Landscape": "Ngang", "Reverse landscape": "Ngang ngược",
    "Reverse portrait": "Dọc ngược", "Margins": "Lề", "top margin": "lề trên",
    "left margin": "lề trái", "right margin": "lề phải", "bottom margin": "lề dưới",
    "Page Layout": "Bố cục trang", "Pages per sheet:": "Số trang mỗi tờ:",
    "Page order:": "Thứ tự trang:", "Custom": "Tùy chỉnh", "Job": "Lệnh in",
    "Job Options": "Tùy chọn lệnh in", "Scheduled printing:": "Hẹn giờ in:",
    "Billing information:": "Thông tin thanh toán:", "Job priority:": "Mức ưu tiên:",
    "Banner Pages": "Trang bìa lệnh in", "Start:": "Đầu:", "End:": "Cuối:",
    "Print Immediately": "In ngay", "Hold Indefinitely": "Giữ lại, chưa in",
    "Day (06:00 to 17:59)": "Ban ngày (06:00 đến 17:59)",
    "Night (18:00 to 05:59)": "Ban đêm (18:00 đến 05:59)",
    "Second Shift (16:00 to 23:59)": "Ca hai (16:00 đến 23:59)",
    "Third Shift (00:00 to 07:59)": "Ca ba (00:00 đến 07:59)",
    "Weekend (Saturday to Sunday)": "Cuối tuần (thứ Bảy, Chủ nhật)",
    "Specific Time": "Giờ cụ thể", "None": "Không", "Standard": "Thường",
    "Unclassified": "Không mật", "Confidential": "Mật", "Classified": "Hạn chế",
    "Secret": "Tối mật", "Top Secret": "Tuyệt mật",
    "Print to File (PDF)": "In ra tệp (PDF)", "Local file": "Tệp trên máy",
    "Write PDF file": "Ghi tệp PDF", "Print To File ...": "In ra tệp ...",
    "The 'From' value cannot be greater than the 'To' value.":
        "Trang bắt đầu không được lớn hơn trang kết thúc.",
    "A4": "A4", "Millimeters (mm)": "Milimét (mm)", "Points (pt)": "Điểm (pt)",
    "Inches (in)": "Inch (in)", "Centimeters (cm)": "Xentimét (cm)",
    "Driver Settings": "Thiết lập trình điều khiển", "Print Options": "Tùy chọn in",
    "Conflicting options": "Tùy chọn xung đột",
}

QT_VI_NUMERUS = {"%n byte(s)": "%n byte"}


def write_ts(path: Path) -> None:
    from xml.sax.saxutils import escape

    out = ['<?xml version="1.0" encoding="utf-8"?>', '<!DOCTYPE TS>',
           '<TS version="2.1" language="vi_VN">']
    for context in CONTEXTS:
        out.append(f"<context><name>{context}</name>")
        for source, text in QT_VI.items():
            out.append(f"<message><source>{escape(source)}</source>"
                       f"<translation>{escape(text)}</translation></message>")
        out.append("</context>")
    # Plural-aware texts (Vietnamese has one form).
    out.append("<context><name>QLocale</name>")
    for source, text in QT_VI_NUMERUS.items():
        out.append(f'<message numerus="yes"><source>{escape(source)}</source>'
                   f"<translation><numerusform>{escape(text)}</numerusform></translation>"
                   "</message>")
    out.append("</context>")
    out.append("</TS>")
    path.write_text("\n".join(out), encoding="utf-8")


def load_translator(parent=None):
    """A QTranslator with Qt's own texts in Vietnamese, or ``None`` if the .qm is missing."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator(parent)
    return translator if QM_PATH.exists() and translator.load(str(QM_PATH)) else None


if __name__ == "__main__":
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / "qt_vi.ts"
        write_ts(ts)
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run([str(lrelease) if lrelease.exists() else "pyside6-lrelease", str(ts),
                        "-qm", str(QM_PATH)], check=True)
