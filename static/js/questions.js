// Ask form: choosing a topic fills in the question the guides suggest, unless the patient
// has already written their own.
(function () {
  "use strict";
  var body = document.getElementById("body");
  if (!body) { return; }
  var filled = "";
  document.querySelectorAll("input[name='topic']").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var suggestion = radio.getAttribute("data-suggestion") || "";
      if (body.value.trim() === "" || body.value === filled) {
        body.value = suggestion;
        filled = suggestion;
      }
    });
  });
})();
