// Similar earlier proposals while a deputy types a title (proposals/_similar_box.html): after typing
// pauses, ask proposals:similar for the closest earlier titles and list them as links. Built with
// textContent, so a title is never read as HTML.
(function () {
  "use strict";
  var box = document.getElementById("similar-proposals");
  if (!box) return;
  var input = document.getElementById(box.dataset.titleInput);
  var list = box.querySelector("[data-similar-list]");
  if (!input || !list) return;
  var timer = null;
  var asked = "";

  function show(results) {
    list.replaceChildren();
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title;
      a.target = "_blank";
      a.rel = "noopener";
      li.appendChild(a);
      var note = document.createElement("span");
      note.className = "text-secondary";
      note.textContent = " " + r.note;
      li.appendChild(note);
      list.appendChild(li);
    });
    box.hidden = results.length === 0;
  }

  function ask() {
    var title = input.value.trim();
    if (title === asked) return;
    asked = title;
    if (title.length < 4) {
      show([]);
      return;
    }
    var params = new URLSearchParams({ title: title });
    if (box.dataset.exclude) params.set("exclude", box.dataset.exclude);
    fetch(box.dataset.url + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (title === asked) show(data.results || []); })
      .catch(function () { /* the list is a help, not a step: say nothing when it cannot be fetched */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 500);
  });
  if (input.value) ask();
})();
