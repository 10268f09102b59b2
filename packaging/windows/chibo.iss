; Inno Setup script: a normal Windows installer for the one-folder build in dist\chibo.
; Build: "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\chibo.iss
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

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

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
