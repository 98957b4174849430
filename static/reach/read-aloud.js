// 朗读: read the text after a [data-reach] block aloud, sentence by sentence, with the
// sentence highlighted. Uses the phone's own Chinese voice when it has one, otherwise plays
// the server's audio (the control's href, which is also the link without JavaScript).
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var BLOCK = /^(P|LI|H[1-6]|DD|DT|TD|TH|BLOCKQUOTE|DIV|SECTION)$/;
  var END = /[^。！？!?；;]+[。！？!?；;”」』）)]*/g;

  function chineseVoice() {
    if (!synth) return null;
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^(zh|cmn)([-_](CN|Hans))?/i.test(voices[i].lang) && !/HK|TW/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  function blockOf(node, root) {
    for (var el = node.parentNode; el && el !== root; el = el.parentNode) {
      if (BLOCK.test(el.nodeName)) return el;
    }
    return root;
  }

  // Wrap the text in spans, one sentence index per span; returns the sentences' text.
  function sentences(root) {
    if (root._sentences) return root._sentences;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        for (var el = n.parentNode; el && el !== root; el = el.parentNode) {
          if (/^(RT|RP|SCRIPT|STYLE)$/.test(el.nodeName)) return NodeFilter.FILTER_REJECT;
        }
        return /\S/.test(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [], n, texts = [""], index = 0, lastBlock = null;
    while ((n = walker.nextNode())) nodes.push(n);
    nodes.forEach(function (node) {
      var block = blockOf(node, root);
      if (lastBlock && block !== lastBlock && texts[index]) { index++; texts[index] = ""; }
      lastBlock = block;
      var parts = node.nodeValue.match(END) || [node.nodeValue];
      var frag = document.createDocumentFragment();
      parts.forEach(function (part) {
        var span = document.createElement("span");
        span.className = "s";
        span.setAttribute("data-s", index);
        span.textContent = part;
        frag.appendChild(span);
        texts[index] += part;
        if (/[。！？!?；;]\s*$/.test(part) || /[。！？!?；;][”」』）)]\s*$/.test(part)) { index++; texts[index] = ""; }
      });
      node.parentNode.replaceChild(frag, node);
    });
    root._sentences = texts.filter(function (t) { return t.trim(); }).length ? texts : [];
    return root._sentences;
  }

  function highlight(root, i) {
    var old = root.querySelectorAll(".s.now");
    for (var k = 0; k < old.length; k++) old[k].classList.remove("now");
    if (i === null) return;
    var now = root.querySelectorAll('.s[data-s="' + i + '"]');
    for (var j = 0; j < now.length; j++) now[j].classList.add("now");
    if (now[0] && now[0].scrollIntoView) now[0].scrollIntoView({ block: "nearest" });
  }

  function setUp(box) {
    var root = document.getElementById(box.getAttribute("data-reach"));
    var control = box.querySelector("[data-read-aloud]");
    var player = box.querySelector(".reach-player");
    var pause = box.querySelector("[data-pause]");
    var resume = box.querySelector("[data-resume]");
    var stop = box.querySelector("[data-stop]");
    var rate = box.querySelector("[data-rate]");
    var audio = null, current = 0, texts = [], playing = false, gen = 0;

    function paused(yes) { pause.hidden = yes; resume.hidden = !yes; }

    function speak(i) {
      if (i >= texts.length) { finish(); return; }
      current = i;
      if (!texts[i].trim()) { speak(i + 1); return; }
      highlight(root, i);
      var u = new SpeechSynthesisUtterance(texts[i]);
      u.voice = chineseVoice();
      u.lang = u.voice ? u.voice.lang : "zh-CN";
      u.rate = parseFloat(rate.value);
      var g = ++gen;
      u.onend = function () { if (playing && g === gen) speak(current + 1); };
      synth.speak(u);
    }

    function finish() {
      playing = false;
      gen++;
      if (synth) synth.cancel();
      if (audio) { audio.pause(); audio.currentTime = 0; }
      highlight(root, null);
      player.hidden = true;
    }

    control.addEventListener("click", function (event) {
      event.preventDefault();
      if (playing) return;
      playing = true;
      player.hidden = false;
      paused(false);
      if (!control.hasAttribute("data-recording") && chineseVoice()) {
        texts = sentences(root);
        synth.cancel();
        speak(0);
      } else {
        audio = audio || new Audio(control.href);
        audio.playbackRate = parseFloat(rate.value);
        audio.onended = finish;
        audio.play().catch(function () { window.location.href = control.href; });
      }
    });
    pause.addEventListener("click", function () {
      if (audio && !audio.paused) audio.pause(); else if (synth) synth.pause();
      paused(true);
    });
    resume.addEventListener("click", function () {
      if (audio && audio.paused && playing) audio.play(); else if (synth) synth.resume();
      paused(false);
    });
    stop.addEventListener("click", finish);
    rate.addEventListener("change", function () {
      if (audio) audio.playbackRate = parseFloat(rate.value);
      else if (playing && synth) { synth.cancel(); speak(current); } // the new speed from this sentence on
    });
  }

  if (synth && synth.getVoices().length === 0 && "onvoiceschanged" in synth) {
    synth.onvoiceschanged = function () {};  // some browsers load the voices lazily
  }
  var boxes = document.querySelectorAll("[data-reach]");
  for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);
})();
