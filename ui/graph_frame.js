// What cruxmap adds to streamlit-cytoscape's frame (loaded after its bundle, see
// ui/graph_component.py):
// - a hover card: a node's full text (a claim's whole quote, a topic's full name) while the
//   pointer rests on it, so the short caption on the canvas never hides what the claim says.
//   The text is set with textContent: source text is never parsed as HTML;
// - no folded info panel: the page's side panel shows the chosen claim, and the panel's
//   strip covered the left edge of the drawing, where the component's fit puts captions.
(function () {
    "use strict";
    const MARGIN = 12;

    const style = document.createElement("style");
    style.textContent = "#infopanel { display: none !important; }";
    document.head.appendChild(style);

    function card() {
        let el = document.getElementById("cruxmap-hover");
        if (!el) {
            el = document.createElement("div");
            el.id = "cruxmap-hover";
            el.setAttribute("role", "tooltip");
            Object.assign(el.style, {
                position: "fixed",
                display: "none",
                maxWidth: "380px",
                padding: "8px 10px",
                background: "#ffffff",
                color: "#212121",
                border: "1px solid #90a4ae",
                borderRadius: "6px",
                boxShadow: "0 2px 8px rgba(0,0,0,0.18)",
                font: "13px/1.4 system-ui, sans-serif",
                whiteSpace: "pre-wrap",
                pointerEvents: "none",
                zIndex: "1000",
            });
            document.body.appendChild(el);
        }
        return el;
    }

    function show(event) {
        const text = event.target.data("_hover");
        if (!text) return;
        const el = card();
        el.textContent = text;
        el.style.display = "block";
        const box = document.getElementById("cy").getBoundingClientRect();
        const at = event.renderedPosition || event.target.renderedPosition();
        let x = box.left + at.x + MARGIN;
        let y = box.top + at.y + MARGIN;
        const w = el.offsetWidth;
        const h = el.offsetHeight;
        if (x + w > window.innerWidth - 4) x = Math.max(4, box.left + at.x - w - MARGIN);
        if (y + h > window.innerHeight - 4) y = Math.max(4, box.top + at.y - h - MARGIN);
        el.style.left = x + "px";
        el.style.top = y + "px";
    }

    function hide() {
        const el = document.getElementById("cruxmap-hover");
        if (el) el.style.display = "none";
    }

    function bind(cy) {
        cy.on("mouseover", "node", show);
        cy.on("mouseout", "node", hide);
        cy.on("tapstart pan zoom remove", hide);
    }

    // The component creates its Cytoscape instance on its first render, once per frame.
    const wait = setInterval(function () {
        const cy = document.getElementById("cy")?._cyreg?.cy;
        if (cy) {
            clearInterval(wait);
            bind(cy);
        }
    }, 100);
})();
