import Hummingbird

/// The studio's stylesheet and its few lines of script, served from memory (no front-end build step).
enum Assets {
    static func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.get("assets/studio.css") { _, _ in asset(css, type: "text/css; charset=utf-8") }
        router.get("assets/studio.js") { _, _ in asset(script, type: "text/javascript; charset=utf-8") }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Dark text on white (contrast above 15:1), links and buttons above 7:1, a visible focus ring.
    static let css = """
        :root { color-scheme: light; font: 17px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #ffffff; }
        body { margin: 0 auto; max-width: 60rem; padding: 0 1rem 3rem; }
        header { display: flex; gap: 1rem; align-items: center; padding: 0.75rem 0; border-bottom: 1px solid #595959; }
        .brand { font-weight: 700; margin-right: auto; }
        a { color: #0b4fa8; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 0.5rem; background: #ffffff; padding: 0.25rem; }
        :focus-visible { outline: 3px solid #8a3b00; outline-offset: 2px; }
        .card { border: 1px solid #595959; border-radius: 6px; padding: 0 1rem 1rem; margin: 1.5rem 0; }
        label { display: block; font-weight: 600; }
        input, select, button { font: inherit; }
        input[type=number], select, input[name=name], input[type=password] { min-width: 16rem; padding: 0.3rem; }
        button { background: #0b4fa8; color: #ffffff; border: 0; border-radius: 4px; padding: 0.45rem 1.1rem; }
        .chart svg { max-width: 100%; height: auto; }
        .legend { list-style: none; display: flex; gap: 1rem; padding: 0; }
        button:hover { background: #083b7d; }
        .inline { display: inline; }
        .error { color: #8b0000; font-weight: 600; }
        progress { width: 100%; height: 1.25rem; }
        audio { width: 100%; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; border-bottom: 1px solid #bdbdbd; padding: 0.3rem; vertical-align: top; }
        .script li { padding: 0.2rem 0.4rem; border-radius: 4px; }
        .script li.current { background: #fff1b8; outline: 2px solid #8a6d00; }
        .time { color: #4d4d4d; font-variant-numeric: tabular-nums; }
        """

    /// Polls a job's progress, updates the discovery dial's read-out, and highlights the line being spoken on
    /// each caption cue change. The pages work without it, but for the highlight.
    static let script = """
        "use strict";
        (function () {
          var bar = document.getElementById("job-progress");
          if (bar) {
            var stage = document.getElementById("job-stage");
            var poll = function () {
              fetch("/api/jobs/" + encodeURIComponent(bar.dataset.job), { credentials: "same-origin" })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (job) {
                  if (!job) { return; }
                  bar.value = job.fraction;
                  bar.textContent = Math.round(job.fraction * 100) + "%";
                  stage.textContent = job.stage + (job.message ? ": " + job.message : "");
                  if (job.stage === "done" && job.session) {
                    location.href = "/?session=" + encodeURIComponent(job.session);
                  } else if (job.stage !== "failed" && job.stage !== "cancelled") {
                    setTimeout(poll, 1000);
                  }
                });
            };
            poll();
          }
          var dial = document.getElementById("discovery");
          var shown = document.getElementById("discovery-value");
          if (dial && shown) {
            dial.addEventListener("input", function () { shown.value = dial.value; });
          }
          var player = document.getElementById("player");
          var captions = player && player.querySelector("track");
          if (captions && captions.track) {
            captions.track.mode = "showing";
            captions.track.addEventListener("cuechange", function () {
              var active = this.activeCues && this.activeCues[0];
              var lineID = active ? String(active.id).split(".")[0] : null;
              document.querySelectorAll("#script li").forEach(function (li) {
                var on = li.dataset.line === lineID;
                li.classList.toggle("current", on);
                if (on) { li.setAttribute("aria-current", "true"); } else { li.removeAttribute("aria-current"); }
              });
            });
          }
        })();
        """
}
