// The LED's brightness and fades, and the simulated board's button, on the control page. It talks through app.js's
// socket (espws:send) and hears what app.js hears (espws:message, espws:status, espws:connection).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const slider = $("brightness");
  const fade = $("fade");
  const press = $("press-button");
  const lamp = $("lamp");
  let lastSeq = -1;
  let dragging = false;
  let held = false;

  function send(text) {
    document.dispatchEvent(new CustomEvent("espws:send", { detail: text }));
  }

  // {"type":"led","on":...,"brightness":1-100,"seq":...,"transition":seconds while a fade runs}
  function parseState(text) {
    if (!text.startsWith("{")) return null;
    try {
      const message = JSON.parse(text);
      const valid = message && message.type === "led" && Number.isSafeInteger(message.seq) && Number.isInteger(message.brightness);
      return valid ? message : null;
    } catch {
      return null;
    }
  }

  function showState(state) {
    // The lamp glows at the brightness and fades to it over the fade's time, as the LED does.
    const seconds = typeof state.transition === "number" ? state.transition : 0;
    lamp.style.setProperty("--fade", seconds + "s");
    lamp.style.setProperty("--level", state.on ? String(state.brightness / 100) : "0");
    lamp.dataset.brightness = String(state.brightness);
    $("brightness-value").textContent = state.brightness + " %";
    if (!dragging) slider.value = String(state.brightness);
  }

  function fadeSeconds() {
    const seconds = Number(fade.value);
    return Number.isFinite(seconds) && seconds >= 0 && seconds <= 3600 ? seconds : 0;
  }

  function showStatus(status) {
    const dimmable = status.led && status.led.dimmable === true;
    $("dimmer").hidden = !dimmable;
    $("not-dimmable").hidden = dimmable;
    $("sim-button").hidden = !(status.board === "simulated" && status.button === true);
  }

  function setConnected(connected) {
    slider.disabled = !connected;
    press.disabled = !connected;
    if (!connected) {
      lastSeq = -1;
      release();
      lamp.style.removeProperty("--level");
    }
  }

  function hold(event) {
    if (held || press.disabled) return;
    if (event) event.preventDefault();
    held = true;
    press.classList.add("held");
    send("BUTTON DOWN");
  }

  function release() {
    if (!held) return;
    held = false;
    press.classList.remove("held");
    send("BUTTON UP");
  }

  slider.addEventListener("input", () => {
    dragging = true;
    $("brightness-value").textContent = slider.value + " %";
  });
  slider.addEventListener("change", () => {
    dragging = false;
    send(JSON.stringify({ on: true, brightness: Number(slider.value), transition: fadeSeconds() }));
  });
  press.addEventListener("pointerdown", hold);
  press.addEventListener("pointerup", release);
  press.addEventListener("pointercancel", release);
  press.addEventListener("pointerleave", release);
  press.addEventListener("keydown", (event) => { if ((event.key === " " || event.key === "Enter") && !event.repeat) hold(event); });
  press.addEventListener("keyup", (event) => { if (event.key === " " || event.key === "Enter") release(); });
  press.addEventListener("blur", release);

  document.addEventListener("espws:message", (event) => {
    const state = parseState(event.detail);
    if (state && state.seq >= lastSeq) {
      lastSeq = state.seq;
      showState(state);
    }
  });
  document.addEventListener("espws:status", (event) => showStatus(event.detail));
  document.addEventListener("espws:connection", (event) => setConnected(event.detail === "connected"));
})();
