// The door (templates/events/check_in.html): where the browser has the BarcodeDetector API
// and a camera, a button scans a ticket's QR code, fills the code field and sends the form.
// Without this script (or the API) the code is typed or pasted; the page works the same.
(function () {
  "use strict";
  var form = document.querySelector("[data-scan-form]");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) { return; }
  var input = form.querySelector("input[name=code]");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary";
  button.textContent = form.getAttribute("data-scan-label");
  var video = document.createElement("video");
  video.className = "scan-video";
  video.setAttribute("playsinline", "");
  video.muted = true;
  video.hidden = true;
  form.appendChild(button);
  form.appendChild(video);
  var stream = null;
  var timer = null;
  var detector = null;

  function stop() {
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
    button.textContent = form.getAttribute("data-scan-label");
  }

  function look() {
    detector.detect(video).then(function (codes) {
      if (codes.length && codes[0].rawValue) {
        input.value = codes[0].rawValue;
        stop();
        // The button named "submit" hides form.submit: call the form's own method.
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      timer = window.setTimeout(look, 250);
    }, function () { timer = window.setTimeout(look, 500); });
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        button.textContent = form.getAttribute("data-scan-stop");
        return video.play();
      })
      .then(look, stop);
  });
})();
