/* Autocomplete pickers: every <select data-picker="URL"> becomes a Tom Select that fetches up to 20
   matches from URL?q=… as the user types (congress/pickers.py renders only the chosen options).
   Without JavaScript the plain select keeps the chosen options and the form still validates. */
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") { return; }
  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  document.querySelectorAll("select[data-picker]").forEach(function (select) {
    var url = select.dataset.picker;
    var multiple = select.multiple;
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],  // the server has matched already
      maxOptions: 20,
      preload: "focus",
      placeholder: select.dataset.placeholder,
      plugins: multiple ? ["remove_button"] : [],
      load: function (query, callback) {
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { "Accept": "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      shouldLoad: function () { return true; },
      render: {
        no_results: function () {
          return '<div class="no-results">' + escape(select.dataset.noResults || "") + "</div>";
        }
      }
    });
  });
})();
