// The EspWs control page: one WebSocket to the device, the LED shown from the device's state messages only.
"use strict";

(() => {
  const RETRY_FIRST_MS = 500;
  const RETRY_MAX_MS = 4000;
  const STATUS_POLL_MS = 10000;
  const LOG_LIMIT = 300;

  const $ = (id) => document.getElementById(id);
  const socketUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/";
  // A device with Security:Token set is opened as http://DEVICE/?token=...; browsers cannot set headers on a
  // WebSocket, so the token rides in its query. It is never shown or logged on the page.
  const token = new URLSearchParams(location.search).get("token");
  const device = window.EspWsDevice;
  const connectUrl = token ? socketUrl + "?token=" + encodeURIComponent(token) : socketUrl;
  const commandButtons = Array.from(document.querySelectorAll("button[data-command]"));
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  let socket = null;
  let retryDelay = RETRY_FIRST_MS;
  let retryTimer = 0;
  let lastSeq = -1;
  // Texts sent and not yet echoed, oldest first: the device echoes each one, in order, before anything it causes.
  let awaitingEcho = [];
  let uptimeBase = null;

  // Other modules of the page (light.js) hear every message that is not an echo, the status and the connection, and
  // send through this socket, so what they send is echoed and logged as everything else.
  function tell(name, detail) {
    document.dispatchEvent(new CustomEvent("espws:" + name, { detail }));
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    setConnection("connecting", "Connecting…");
    let ws;
    try {
      ws = new WebSocket(connectUrl);
    } catch (error) {
      addLog("info", "Cannot open " + socketUrl + ": " + error.message);
      scheduleRetry();
      return;
    }

    ws.binaryType = "arraybuffer";
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      if (socket !== ws) return;
      opened = true;
      retryDelay = RETRY_FIRST_MS;
      // The seq restarts with the device: forget the old one, or the new states would look stale.
      lastSeq = -1;
      awaitingEcho = [];
      setConnection("connected", "Connected");
      addLog("info", "Connected to " + socketUrl);
      send("STATUS");
      refreshStatus();
    };
    ws.onmessage = (event) => {
      if (socket === ws) receive(event.data);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      showLed(null);
      showDeviceUnknown();
      addLog("info", "Connection closed" + describeClose(event));
      if (opened) {
        scheduleRetry();
        return;
      }

      // Refused at the handshake: a wrong or missing token is not cured by retrying, so the page says so and waits.
      device.accessProblem(token).then((problem) => {
        if (!problem) {
          scheduleRetry();
          return;
        }

        device.showAccessProblem(problem);
        setConnection("refused", "Token needed");
        addLog("info", problem);
      });
    };
  }

  function describeClose(event) {
    if (!event.code || event.code === 1006) return " (no close frame: the device or the network went away)";
    return " (" + event.code + (event.reason ? ": " + event.reason : "") + ")";
  }

  function scheduleRetry() {
    const wait = retryDelay;
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    setConnection("reconnecting", "Reconnecting in " + Math.max(1, Math.round(wait / 1000)) + " s…");
    retryTimer = setTimeout(connect, wait);
  }

  function reconnectNow() {
    if (!socket && retryTimer) connect();
  }

  function send(text) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    // What comes back is the UTF-8 round trip of what was sent (a lone surrogate becomes U+FFFD).
    awaitingEcho.push(decoder.decode(encoder.encode(text)));
    addLog("sent", text);
    return true;
  }

  function receive(data) {
    if (typeof data !== "string") {
      addLog("received", "[binary message, " + data.byteLength + " bytes]");
      return;
    }

    if (awaitingEcho.length > 0 && awaitingEcho[0] === data) {
      awaitingEcho.shift();
      addLog("echo", data);
      return;
    }

    tell("message", data);
    const link = parseBoardLink(data);
    if (link) {
      addLog("state", data);
      device.showBoardLink(link);
      return;
    }

    const state = parseLedState(data);
    addLog(state ? "state" : data.startsWith('{"type":"button"') ? "button" : "received", data);
    if (state && state.seq >= lastSeq) {
      lastSeq = state.seq;
      showLed(state);
    }
  }

  // {"type":"board","link":"lost"|"up"}: a real board's link to the LED went away or came back.
  function parseBoardLink(text) {
    if (!text.startsWith("{")) return null;
    try {
      const message = JSON.parse(text);
      return message && message.type === "board" && (message.link === "lost" || message.link === "up") ? message.link : null;
    } catch {
      return null;
    }
  }

  function parseLedState(text) {
    if (!text.startsWith("{")) return null;
    try {
      const message = JSON.parse(text);
      const valid = message && message.type === "led" && typeof message.on === "boolean" && Number.isSafeInteger(message.seq);
      return valid ? { on: message.on, seq: message.seq } : null;
    } catch {
      return null;
    }
  }

  function showLed(state) {
    const lamp = $("lamp");
    if (!state) {
      lamp.dataset.state = "unknown";
      $("led-label").textContent = "Unknown";
      $("led-detail").textContent = "Not connected: waiting for the device…";
      device.showTitle("");
      return;
    }

    lamp.dataset.state = state.on ? "on" : "off";
    $("led-label").textContent = state.on ? "ON" : "OFF";
    $("led-detail").textContent = "Reported by the device, seq\u00a0" + state.seq;
    device.showTitle(state.on ? "ON" : "OFF");
  }

  function setConnection(state, text) {
    $("connection").dataset.state = state;
    $("connection-text").textContent = text;
    const open = state === "connected";
    commandButtons.forEach((button) => { button.disabled = !open; });
    $("send").disabled = !open;
    tell("connection", state);
  }

  const LOG_LABELS = { sent: "→ sent", echo: "← echo", state: "← state", button: "← button", received: "← recv", info: "• info" };

  function addLog(kind, text) {
    const log = $("log");
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    const item = document.createElement("li");
    item.className = "log-" + kind;
    const time = document.createElement("time");
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = clock(now);
    const label = document.createElement("span");
    label.className = "kind";
    label.textContent = LOG_LABELS[kind];
    const body = document.createElement("span");
    body.className = "text";
    body.textContent = text === "" ? "(empty message)" : text;
    item.append(time, label, body);
    log.append(item);
    while (log.childElementCount > LOG_LIMIT) log.firstElementChild.remove();
    if (nearBottom) log.scrollTop = log.scrollHeight;
  }

  function clock(date) {
    const two = (n) => String(n).padStart(2, "0");
    return two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds()) + "." + String(date.getMilliseconds()).padStart(3, "0");
  }

  async function refreshStatus() {
    try {
      // With Security:Token set, /status asks for the token as the WebSocket does.
      const response = await fetch(token ? "/status?token=" + encodeURIComponent(token) : "/status", { cache: "no-store" });
      if (!response.ok) return;
      const status = await response.json();
      tell("status", status);
      $("board-name").textContent = status.board;
      device.showName(status.name);
      // An older device does not say; its board-link messages still do.
      if (status.boardLink) device.showBoardLink(status.boardLink);
      $("fact-clients").textContent = status.clients + " of " + status.maxClients;
      $("fact-version").textContent = shortVersion(status.version);
      // disabled, connecting, connected or lost (docs/protocol.md); an older device does not say.
      $("fact-mqtt").textContent = status.mqtt ?? "—";
      uptimeBase = { seconds: status.uptimeSeconds, at: Date.now() };
      showUptime();
    } catch {
      // The device is restarting or out of reach; the WebSocket's own retry reports that.
    }
  }

  // What the device said before the connection dropped may no longer hold: show it as unknown until it answers again.
  function showDeviceUnknown() {
    uptimeBase = null;
    $("fact-clients").textContent = "—";
    $("fact-uptime").textContent = "—";
    $("fact-mqtt").textContent = "—";
    device.showBoardLink(null);
  }

  function shortVersion(version) {
    const plus = version.indexOf("+");
    return plus < 0 ? version : version.slice(0, plus + 8);
  }

  function showUptime() {
    if (!uptimeBase) return;
    let left = uptimeBase.seconds + Math.floor((Date.now() - uptimeBase.at) / 1000);
    const days = Math.floor(left / 86400); left %= 86400;
    const hours = Math.floor(left / 3600); left %= 3600;
    const minutes = Math.floor(left / 60);
    const seconds = left % 60;
    const parts = days ? [days + " d", hours + " h"] : hours ? [hours + " h", minutes + " min"] : minutes ? [minutes + " min", seconds + " s"] : [seconds + " s"];
    $("fact-uptime").textContent = parts.join(" ");
  }

  function sendFromBox() {
    const box = $("message");
    if (box.value === "" || !send(box.value)) return;
    box.value = "";
    box.focus();
  }

  commandButtons.forEach((button) => button.addEventListener("click", () => send(button.dataset.command)));
  $("send-form").addEventListener("submit", (event) => { event.preventDefault(); sendFromBox(); });
  $("message").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendFromBox();
    }
  });
  $("clear-log").addEventListener("click", () => { $("log").replaceChildren(); });
  document.addEventListener("espws:send", (event) => send(event.detail));
  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) reconnectNow(); });
  setInterval(() => { if (socket && socket.readyState === WebSocket.OPEN && !document.hidden) refreshStatus(); }, STATUS_POLL_MS);
  setInterval(showUptime, 1000);

  $("fact-url").textContent = socketUrl;
  connect();
})();
