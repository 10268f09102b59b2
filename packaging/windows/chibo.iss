; Inno Setup script: a normal Windows installer for the one-folder build in dist\chibo.
; Build: "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\chibo.iss
; Needs Inno Setup 6.3 or later (x64compatible). Saved as UTF-8 with a BOM (Vietnamese texts).
; Installs per user (no administrator rights needed), adds a Start-menu entry and an
; uninstaller. The data file in %LOCALAPPDATA%\chibo is never touched by (un)installing.
#define AppVersion "0.1.0"

[Setup]
AppId={{6C7A1E2B-9B1F-4C57-9E58-2F1B7C0D3A11}
AppName=chibo
AppVersion={#AppVersion}
AppVerName=chibo {#AppVersion}
AppPublisher=chibo
DefaultDirName={localappdata}\Programs\chibo
DefaultGroupName=chibo
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=chibo-{#AppVersion}-setup
SetupIconFile=..\chibo.ico
UninstallDisplayIcon={app}\chibo.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Qt 6 runs only on 64-bit Windows 10 1809 (build 17763) or later and on Windows 11.
; Setup refuses older or 32-bit Windows with the messages below (vi first, en).
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
; Vietnamese.isl is one of Inno Setup's "Unofficial" translations, which a stock Inno Setup
; install lacks: it ships beside this script (copied unchanged from jrsoftware/issrc,
; Files/Languages/Unofficial/Vietnamese.isl at d588bab, Inno Setup license; messages newer
; than the installed ISCC are ignored with a warning, missing ones fall back to English).
Name: "vi"; MessagesFile: "Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Messages]
; Shown when Windows is older than MinVersion (%1 = "Windows", %2 = the version required).
vi.WinVersionTooLowError=chibo cần %1 10 bản 1809 (số hiệu %2) trở lên, hoặc Windows 11. Windows trên máy này cũ hơn nên không cài được chibo.%n%nHãy cập nhật Windows hoặc cài chibo trên một máy khác.
en.WinVersionTooLowError=chibo needs %1 10 version 1809 (%2) or later, or Windows 11. The Windows on this computer is older, so chibo cannot be installed.%n%nPlease update Windows or install chibo on another computer.
; Shown when the architecture is not allowed (32-bit Windows): Inno Setup 6.3+ uses
; WindowsVersionNotSupported, older versions OnlyOnTheseArchitectures.
vi.WindowsVersionNotSupported=chibo chỉ chạy trên Windows 64-bit (Windows 10 bản 1809 trở lên hoặc Windows 11). Máy này dùng Windows 32-bit hoặc bản Windows không được hỗ trợ nên không cài được chibo.%n%nHãy cài chibo trên một máy dùng Windows 64-bit.
en.WindowsVersionNotSupported=chibo runs only on 64-bit Windows (Windows 10 version 1809 or later, or Windows 11). This computer runs 32-bit Windows or an unsupported version, so chibo cannot be installed.%n%nPlease install chibo on a computer with 64-bit Windows.
vi.OnlyOnTheseArchitectures=chibo chỉ chạy trên Windows 64-bit (Windows 10 bản 1809 trở lên hoặc Windows 11). Máy này dùng Windows 32-bit nên không cài được chibo.%n%nHãy cài chibo trên một máy dùng Windows 64-bit.%n%n%1
en.OnlyOnTheseArchitectures=chibo runs only on 64-bit Windows (Windows 10 version 1809 or later, or Windows 11). This computer runs 32-bit Windows, so chibo cannot be installed.%n%nPlease install chibo on a computer with 64-bit Windows.%n%n%1

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\chibo\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\chibo"; Filename: "{app}\chibo.exe"
Name: "{group}\{cm:UninstallProgram,chibo}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\chibo"; Filename: "{app}\chibo.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\chibo.exe"; Description: "{cm:LaunchProgram,chibo}"; Flags: nowait postinstall skipifsilent
