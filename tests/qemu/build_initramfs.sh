#!/usr/bin/env bash
# Builds the QEMU guest's initramfs (an uncompressed cpio): busybox, the project's isrbench with
# every shared library it loads (and Qt's offscreen platform plugin, fontconfig and a font, for
# the reports), Debian's parport modules for the kernel release, our module built for it, and
# the guest suites; further programs go to /bin with their libraries.
#   build_initramfs.sh OUT.cpio KERNEL_RELEASE MODULE.ko SUITE_DIR ISRBENCH [PROGRAM...]
set -euo pipefail
out=$1 release=$2 module=$3 suite=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

libraries_of() {  # every shared library (and the loader) a program or library loads
  ldd "$1" | awk '/=> \//{print $3} /^[ \t]*\//{print $1}'
}

copy_libraries() {
  local lib
  libraries_of "$1" | while read -r lib; do
    [ -e "$root$lib" ] || cp -L --parents "$lib" "$root"
  done
}

mkdir -p "$root"/{bin,modules,suite,proc,sys,dev,tmp,root,results}
chmod 0755 "$root"  # mktemp made it 0700: the guest's / would keep every other user out
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$here/guest/init" "$root/init"
chmod +x "$root/init"

for program in "$@"; do
  install -m 0755 "$program" "$root/bin/$(basename "$program")"
  copy_libraries "$program"
done
offscreen=/usr/lib/x86_64-linux-gnu/qt6/plugins/platforms/libqoffscreen.so
cp -L --parents "$offscreen" "$root"
copy_libraries "$offscreen"
cp -r --parents /etc/fonts "$root"
cp -r --parents /usr/share/fonts/truetype/dejavu "$root"

modules=/lib/modules/$release/kernel
for name in drivers/parport/parport drivers/parport/parport_pc drivers/char/ppdev; do
  base=$(basename "$name")
  if [ -e "$modules/$name.ko" ]; then
    cp "$modules/$name.ko" "$root/modules/$base.ko"
  elif [ -e "$modules/$name.ko.xz" ]; then
    xz -dc "$modules/$name.ko.xz" > "$root/modules/$base.ko"
  elif [ -e "$modules/$name.ko.zst" ]; then
    zstd -dcq "$modules/$name.ko.zst" > "$root/modules/$base.ko"
  else
    echo "build_initramfs: no $name module for $release" >&2
    exit 1
  fi
done
cp "$module" "$root/modules/isrbench_parport.ko"
cp -r "$suite/." "$root/suite/"
cp "$here"/guest/*.sh "$root/suite/"

(cd "$root" && find . | cpio -o -H newc --quiet) > "$out"
