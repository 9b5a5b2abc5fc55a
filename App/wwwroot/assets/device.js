// What the page says about the device beyond the LED: its name, a refused token, and a board whose link is lost.
// app.js calls these; each writes only its own elements.
"use strict";

window.EspWsDevice = (() => {
  const $ = (id) => document.getElementById(id);
  let name = "";
  let titlePrefix = "";

  // The title and the header carry the device's name, so several devices' tabs can be told apart.
  function showName(deviceName) {
    if (!deviceName || deviceName === name) return;
    name = deviceName;
    $("device-name").textContent = name;
    showTitle(titlePrefix);
  }

  // The tab's title: what the page wants to say first (the LED's state, or nothing), then the device's name.
  function showTitle(prefix) {
    titlePrefix = prefix;
    const device = name ? name + " · EspWs" : "EspWs";
    document.title = prefix ? prefix + " · " + device : device;
  }

  // The board's link: "up", "lost", or null while the device has not said (or the page cannot hear it).
  function showBoardLink(link) {
    $("fact-link").textContent = link === "lost" ? "lost: commands still set the state the LED takes when it returns"
      : link === "up" ? "up" : "…";
    const offline = link === "lost";
    $("lamp").dataset.board = offline ? "offline" : "online";
    $("board-offline").hidden = !offline;
  }

  // A connection that closed before it opened may have been refused for its token: /status answers 401 then, and says
  // so where the WebSocket's handshake cannot. Resolves to the words for the person, or null when that was not it.
  async function accessProblem(token) {
    try {
      const response = await fetch(token ? "/status?token=" + encodeURIComponent(token) : "/status", { cache: "no-store" });
      if (response.status !== 401) return null;
    } catch {
      return null;
    }

    return token
      ? "The token in this page's address is not this device's. Open the page again as " + location.origin
        + "/?token=YOUR_TOKEN with the device's Security:Token."
      : "This device needs its token (Security:Token). Open the page as " + location.origin + "/?token=YOUR_TOKEN.";
  }

  function showAccessProblem(text) {
    const banner = $("access");
    banner.textContent = text;
    banner.hidden = false;
  }

  return { showName, showTitle, showBoardLink, accessProblem, showAccessProblem };
})();
