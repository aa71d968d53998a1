# Sourced by the browser checks (render-report.sh, ui-check.sh): `install PACKAGE…` from the
# Debian packages (apt-get update once), and Chromium and a Japanese font when missing.
# Expects CHROMIUM to name the browser.
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
fi
updated=""
install() {
    if [ -z "$updated" ]; then
        $sudo apt-get update -q
        updated=yes
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@"
}
if [ ! -x "$CHROMIUM" ]; then
    echo "== installing chromium"
    install chromium
fi
if ! command -v fc-list >/dev/null || ! fc-list :lang=ja family | grep -q .; then
    echo "== installing a Japanese font"
    install fontconfig fonts-noto-cjk
fi
if ! command -v python3 >/dev/null; then
    install python3
fi
