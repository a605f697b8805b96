// Survey progress, kept up to date while answering: "answered / total" counts the statements with a choice, leaving
// out the posts marked "not familiar" (skip.<post>). The server shows the same count when it renders the page, so
// without JavaScript nothing is missing but the live update.
(function () {
  'use strict';
  var form = document.getElementById('survey-form');
  var text = document.getElementById('survey-progress');
  var meter = document.getElementById('survey-progress-meter');
  if (!form || !text) return;
  var template = text.getAttribute('data-template') || '';

  function update() {
    var answered = {};
    var radios = form.querySelectorAll('input[type=radio]');
    for (var i = 0; i < radios.length; i++) {
      var wrap = radios[i].closest('.survey-post');
      var skip = wrap && wrap.querySelector('.survey-skip input[type=checkbox]');
      if (skip && skip.checked) continue;
      var name = radios[i].name;
      answered[name] = answered[name] || radios[i].checked;
    }
    var total = 0;
    var done = 0;
    for (var key in answered) {
      if (!Object.prototype.hasOwnProperty.call(answered, key)) continue;
      total++;
      if (answered[key]) done++;
    }
    text.textContent = template.replace('{answered}', String(done)).replace('{total}', String(total));
    if (meter) {
      meter.max = total;
      meter.value = done;
    }
  }

  form.addEventListener('change', update);
})();
