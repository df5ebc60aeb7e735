// Forms with a file chosen: show how much of the form has been sent (XMLHttpRequest upload
// progress), then show the page the server answered with, as a normal submit would. Without
// this script, without a file, or in a browser without upload progress, the form is sent the
// normal way.
(function () {
  "use strict";
  if (window.puenteUpload) { return; }
  window.puenteUpload = true;

  // File inputs: the browser's own button speaks the browser's language, so a button and the
  // chosen file's name in the page's language stand in for it (templates/_forms.html gives
  // the words). Without this script the browser's input shows, with the hint under it.
  function dress() {
    var inputs = document.querySelectorAll("input[type=file][data-choose]");
    for (var i = 0; i < inputs.length; i += 1) {
      var input = inputs[i];
      if (input.hasAttribute("data-dressed")) { continue; }
      input.setAttribute("data-dressed", "");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary file-choose";
      button.textContent = input.getAttribute("data-choose");
      var name = document.createElement("span");
      name.className = "file-name";
      name.id = input.id + "-chosen";
      name.textContent = input.getAttribute("data-none");
      var described = input.getAttribute("aria-describedby");
      button.setAttribute("aria-describedby", name.id + (described ? " " + described : ""));
      input.classList.add("visually-hidden");
      input.tabIndex = -1;
      input.after(button, " ", name);
      button.addEventListener("click", input.click.bind(input));
      input.addEventListener("change", function () {
        var names = [];
        for (var j = 0; j < this.files.length; j += 1) { names.push(this.files[j].name); }
        document.getElementById(this.id + "-chosen").textContent =
          names.length ? names.join(", ") : this.getAttribute("data-none");
      });
    }
  }
  dress();
  var xhrProbe = window.XMLHttpRequest && new XMLHttpRequest();
  if (!xhrProbe || !xhrProbe.upload || !window.FormData || !window.DOMParser) { return; }

  // A form sent back with its errors: shown in place of this page (the same address).
  function show(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    window.scrollTo(0, 0);  // as after a page load, focus on the document
    bind();
  }

  function chosen(form) {
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].files && inputs[i].files.length) { return true; }
    }
    return false;
  }

  function send(form, event) {
    var box = form.querySelector(".upload-progress");
    // No file chosen: nothing worth a progress bar, the form goes the normal way.
    if (!box || !chosen(form)) { return; }
    event.preventDefault();
    var bar = box.querySelector("progress");
    var text = box.querySelector("span");
    var buttons = form.querySelectorAll("button, input[type=submit]");
    var request = new XMLHttpRequest();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    function busy(on) {
      for (var i = 0; i < buttons.length; i += 1) { buttons[i].disabled = on; }
    }
    box.hidden = false;
    text.textContent = box.getAttribute("data-sending");
    busy(true);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.floor((e.loaded / e.total) * 100);
      bar.value = percent;
      text.textContent = box.getAttribute("data-sending") + " " + percent + " %";
    });
    request.addEventListener("load", function () {
      var type = request.getResponseHeader("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        // Done: the server named the page to see next (learning/web/uploads.py).
        window.location.assign(JSON.parse(request.responseText).location);
      } else if (type.indexOf("text/html") === 0) {
        show(request.responseText);
      } else {
        window.location.reload();
      }
    });
    request.addEventListener("error", function () {
      text.textContent = box.getAttribute("data-failed");
      busy(false);
    });
    request.open(form.method || "post", form.action || window.location.href);
    request.setRequestHeader("X-Upload-Progress", "1");
    request.send(data);
  }

  function bind() {
    dress();
    var forms = document.querySelectorAll("form[enctype='multipart/form-data']");
    for (var i = 0; i < forms.length; i += 1) {
      forms[i].addEventListener("submit", function (event) { send(this, event); });
    }
  }

  bind();
})();
