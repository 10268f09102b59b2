# Build chibo on Windows (PowerShell, Python 3.11+ from python.org on the PATH):
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Produces dist\chibo\chibo.exe (one folder) and, when Inno Setup 6 is installed,
# dist\chibo-<version>-setup.exe.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path build\venv)) { python -m venv build\venv }
build\venv\Scripts\python -m pip install -q --upgrade pip
build\venv\Scripts\python -m pip install -q -e . "pyinstaller>=6.5"
build\venv\Scripts\python -m app.i18n compile
build\venv\Scripts\pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\chibo.spec
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (Test-Path $iscc) { & $iscc packaging\windows\chibo.iss } else { Write-Host "Inno Setup 6 not found: skipping the installer" }
