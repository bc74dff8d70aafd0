#!/usr/bin/env bash
# Writes test/fixtures/metadata: tiny JPEGs whose metadata exiftool (the copy exiftool-vendored ships) wrote.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=test/fixtures/metadata
exiftool=node_modules/exiftool-vendored.pl/bin/exiftool
mkdir -p "$out"
plain() { node -e "require('sharp')({create:{width:16,height:16,channels:3,background:'$2'}}).jpeg({quality:80}).toFile('$1')"; }

# EXIF date with its zone, camera, and GPS in Lisbon (Praça do Comércio), 45 m up.
plain "$out/lisbon-exif-gps.jpg" '#6080a0'
"$exiftool" -q -overwrite_original -DateTimeOriginal='2024:07:14 18:30:05' -OffsetTimeOriginal='+01:00' \
  -Make=Google -Model='Pixel 7' -GPSLatitude=38.7075 -GPSLatitudeRef=N -GPSLongitude=9.1364 -GPSLongitudeRef=W \
  -GPSAltitude=45 -GPSAltitudeRef=0 "$out/lisbon-exif-gps.jpg"

# No EXIF at all; an embedded XMP packet with the date (zone +09:00) and GPS in Tokyo (Shibuya).
plain "$out/tokyo-xmp-only.jpg" '#a06080'
"$exiftool" -q -overwrite_original -XMP-exif:DateTimeOriginal='2023-04-02T09:15:00+09:00' \
  -XMP-exif:GPSLatitude='35.6595 N' -XMP-exif:GPSLongitude='139.7005 E' "$out/tokyo-xmp-only.jpg"
