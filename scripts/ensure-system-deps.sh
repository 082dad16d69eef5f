#!/usr/bin/env bash
# Install the Debian packages kehoach uses, when they are missing and we can.
# Never fails the build: without Tesseract, scans are refused with "needs OCR";
# without Chromium, browser tests are skipped with a reason.
set -u
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-vie)
if command -v tesseract >/dev/null 2>&1 && ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  need+=(tesseract-ocr-vie)
fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
# WeasyPrint (PDF rendering) loads pango and its FreeType backend.
{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libpangoft2-1.0.so.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
# IMAP server the mailbox-polling tests start on a free port (never as a service).
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v wrk >/dev/null 2>&1 || need+=(wrk)  # the load run of `make bench`
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói hệ thống / installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${need[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${need[@]}" >/dev/null 2>&1; } \
    || echo "Không cài được / could not install: ${need[*]}"
else
  echo "Thiếu gói hệ thống / missing system packages (install with apt): ${need[*]}"
fi
exit 0
