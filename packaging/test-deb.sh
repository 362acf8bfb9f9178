#!/bin/bash
# Builds the Debian package from a build directory (leadsd and leadsctl
# already built) and checks what it holds: the binaries, the unit, the
# default config as a conffile, the maintainer scripts; then that the
# packaged leadsd accepts the packaged config.
#   packaging/test-deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/out/leads_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { cat "$work/cpack.log"; fail "no leads_*.deb"; }
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/leadsd ./usr/bin/leadsctl ./usr/lib/systemd/system/leadsd.service ./etc/leads/leadsd.conf \
         ./usr/share/doc/leads/DEPLOYMENT.md; do
  grep -q " $f\$" <<<"$contents" || fail "$f missing from the package:"$'\n'"$contents"
done
grep -q '^-rwxr-xr-x root/root .* ./usr/bin/leadsd$' <<<"$contents" || fail "leadsd is not an executable owned by root"
if grep -q '/include/\|\.a$' <<<"$contents"; then fail "the client library's headers or archives are in the package"; fi

info=$(dpkg-deb -I "$deb")
grep -q '^ Package: leads$' <<<"$info" || fail "package name"
grep -q '^ Depends: .*adduser' <<<"$info" || fail "Depends lacks adduser:"$'\n'"$info"
grep -q '^ Depends: .*libsqlite3' <<<"$info" || fail "Depends lacks the shared libraries (shlibdeps):"$'\n'"$info"
for s in conffiles postinst prerm postrm; do grep -q " $s\$\| $s " <<<"$info" || fail "control member $s missing"; done
[ "$(dpkg-deb -I "$deb" conffiles)" = "/etc/leads/leadsd.conf" ] || fail "conffiles is not /etc/leads/leadsd.conf"

dpkg-deb -x "$deb" "$work/root"
unit="$work/root/usr/lib/systemd/system/leadsd.service"
for k in 'User=leads' 'StateDirectory=leads' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'Restart=on-failure' \
         'ExecStart=/usr/bin/leadsd serve --config /etc/leads/leadsd.conf'; do
  grep -qx "$k" "$unit" || fail "unit lacks $k"
done
# The packaged binary accepts the packaged config (and says where its database is).
out=$("$work/root/usr/bin/leadsd" config print --config "$work/root/etc/leads/leadsd.conf") || fail "leadsd config print refused the shipped config"
grep -qx 'db = sqlite:/var/lib/leads/leads.db' <<<"$out" || fail "shipped config: db is not in the state directory:"$'\n'"$out"
"$work/root/usr/bin/leadsctl" --help >/dev/null || fail "packaged leadsctl does not run"
echo "ok"
