"use strict";

// The other EspWs devices this one has heard announce themselves (GET /devices, docs/discovery.md), each a link to
// its page. Every name and value comes from the network, so all of it is set as text, never as HTML.
(() => {
  const REFRESH_MS = 10000;
  const list = document.getElementById("devices");
  const state = document.getElementById("devices-state");
  // The same token as /status; it is for this device only and is never put into another device's link.
  const token = new URLSearchParams(location.search).get("token");

  async function refresh() {
    try {
      const response = await fetch(token ? "/devices?token=" + encodeURIComponent(token) : "/devices", { cache: "no-store" });
      if (!response.ok) {
        state.textContent = "The list is not available (HTTP " + response.status + ").";
        return;
      }
      show((await response.json()).devices);
    } catch {
      state.textContent = "The list is not available: the device does not answer.";
    }
  }

  function show(devices) {
    list.replaceChildren(...devices.map(item));
    state.textContent = devices.length === 0
      ? "None heard on this network yet."
      : devices.length + (devices.length === 1 ? " device heard." : " devices heard.");
  }

  function item(device) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.textContent = device.name;
    if (/^https?:\/\//.test(device.url)) {
      link.href = device.url;
    }
    const about = document.createElement("span");
    about.className = "about";
    about.textContent = [device.address + ":" + device.port, device.board, device.tls ? "TLS" : "no TLS", device.token ? "token" : "no token"].join(" · ");
    li.append(link, about);
    if (device.tls && device.sha256) {
      const fingerprint = document.createElement("span");
      fingerprint.className = "fingerprint";
      fingerprint.title = "SHA-256 fingerprint of the certificate this device announces";
      fingerprint.textContent = "SHA-256 " + device.sha256;
      li.append(fingerprint);
    }
    return li;
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
