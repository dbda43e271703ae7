// The bulk verify page's camera scan (/portal/verify; docs/portal.md). Without script the page works as a plain form;
// with it, a button opens the rear camera and every QR code seen is appended to the paste box once, with a counter
// and a silent tick. Decoding: the browser's own BarcodeDetector where it has one, else jsQR 1.4.0 (vendored, loaded
// from this origin only when needed). Nothing leaves the page: frames are decoded in the browser, codes go to the
// server only when the form is submitted.
(() => {
  "use strict";
  const box = document.getElementById("scan");
  const area = box && document.getElementById(box.dataset.target);
  if (!box || !area || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  const toggle = document.getElementById("scan-toggle");
  const video = document.getElementById("scan-video");
  const count = document.getElementById("scan-count");
  const tick = document.getElementById("scan-tick");
  const failure = document.getElementById("scan-error");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const lines = (text) => text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  let seen = new Set(lines(area.value));
  let stream = null;
  let detector = null;
  let timer = 0;
  let tickTimer = 0;

  const show = () => { count.textContent = String(seen.size); };
  area.addEventListener("input", () => { seen = new Set(lines(area.value)); show(); });
  show();
  box.hidden = false;

  function add(raw) {
    const code = String(raw).trim();
    if (code.length === 0 || code.length > 2048 || seen.has(code)) return;
    seen.add(code);
    const text = area.value.replace(/\s+$/, "");
    area.value = text.length > 0 ? text + "\n" + code : code;
    show();
    tick.classList.add("on");
    clearTimeout(tickTimer);
    tickTimer = setTimeout(() => tick.classList.remove("on"), 900);
  }

  function loadJsQr() {
    if (typeof window.jsQR === "function") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = box.dataset.jsqr;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error("jsQR did not load"));
      document.head.appendChild(script);
    });
  }

  async function chooseDecoder() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return;
        }
      } catch {
        // fall through to jsQR
      }
    }
    await loadJsQr();
  }

  async function decode() {
    if (video.readyState < 2 || video.videoWidth === 0) return [];
    if (detector) return (await detector.detect(video)).map((b) => b.rawValue);
    // At most 640 px wide: enough for a label held up to the camera, and fast on a phone.
    const scale = Math.min(1, 640 / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    const found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: "dontInvert" });
    return found && found.data ? [found.data] : [];
  }

  async function loop() {
    if (!stream) return;
    try {
      for (const code of await decode()) add(code);
    } catch {
      // a frame that cannot be read; the next one may
    }
    timer = setTimeout(loop, 120);
  }

  async function start() {
    failure.hidden = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 } } });
      await chooseDecoder();
    } catch {
      stop();
      failure.textContent = box.dataset.nocamera;
      failure.hidden = false;
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(() => {});
    toggle.textContent = box.dataset.stop;
    toggle.setAttribute("aria-pressed", "true");
    loop();
  }

  function stop() {
    clearTimeout(timer);
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    toggle.textContent = box.dataset.start;
    toggle.setAttribute("aria-pressed", "false");
  }

  toggle.setAttribute("aria-pressed", "false");
  toggle.addEventListener("click", () => (stream ? stop() : start()));
  area.form.addEventListener("submit", stop);
  window.addEventListener("pagehide", stop);
})();
