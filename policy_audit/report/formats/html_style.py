"""The HTML report's stylesheet (screen, 390 px phones, A4/Letter print) and its small filter script.

Kept apart from the markup so each stays readable. Badges carry a symbol and a word, not colour
alone, so they stay legible printed in black and white.
"""

CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.7rem;line-height:1.2;margin:.1rem 0 .3rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:2px solid #1d2430;padding-bottom:.2rem}
h3{font-size:1.02rem;margin:0 0 .2rem}
p{margin:.35rem 0}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:.78rem;color:#4a5568;margin:0}
.meta{color:#4a5568;margin:0}
.muted{color:#5a6475}
.lead{font-size:1.1rem}
.masthead{border-bottom:4px solid #1d2430;padding-bottom:.6rem}
.gaps a{color:inherit;text-decoration:none}.gaps a:hover{text-decoration:underline}.gaps{margin:.3rem 0 .6rem;padding-left:1.3rem}.gaps li{margin:.15rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr));gap:.6rem}
.card{border:1px solid #c9ced8;border-radius:6px;padding:.5rem .8rem;break-inside:avoid}
.card b{font-size:1.25rem}
.bar{display:flex;height:.55rem;border:1px solid #1d2430;margin-top:.35rem;background:#fff}
.bar span{display:block;height:100%}
.bar .b-met{background:#1f7a3a}.bar .b-weak{background:repeating-linear-gradient(45deg,#a86f00 0 2px,#fff 2px 4px)}
.bar .b-missing{background:#fff}.bar .b-na{background:#d5d9e0}
.badge{display:inline-block;font-size:.78rem;font-weight:700;line-height:1.3;padding:0 .4rem;border:1.5px solid;border-radius:3px;white-space:nowrap;background:#fff}
.st-met{color:#1f6a34;border-style:solid}.st-weak{color:#8a5a00;border-style:dashed}
.st-missing{color:#b3261e;border-width:2px}.st-not-applicable{color:#5a6475;border-style:dotted}
.st-invalid{color:#b3261e}
.sv-error{color:#fff;background:#b3261e;border-color:#b3261e}.sv-warning{color:#6b4500;background:#fff3d6;border-color:#8a5a00}
.sv-info{color:#2a4d7a;background:#fff;border-color:#2a4d7a;border-style:dotted}
.matrix-wrap{position:relative;overflow-x:auto;max-width:100%;border:1px solid #c9ced8;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid #dde1e8;padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:#eef1f6}
.matrix{min-width:34rem}.matrix th.doc{font-weight:600;font-size:12px;min-width:5.5rem;max-width:9rem;overflow-wrap:anywhere}
.matrix td.m{text-align:center;font-size:1.3rem;line-height:1}
.matrix td.req{min-width:12rem}
.m-binding{color:#1f6a34}.m-partial{color:#5b7d18}.m-hedged{color:#8a5a00}.m-mention{color:#5a6475}.m-negated{color:#b3261e}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.88rem;margin:.4rem 0;padding:0;list-style:none}
.finding{border:1px solid #c9ced8;border-left:5px solid #5a6475;border-radius:4px;padding:.55rem .85rem;margin:.6rem 0;break-inside:avoid}
.finding.sev-error{border-left-color:#b3261e}.finding.sev-warning{border-left-color:#8a5a00}.finding.sev-info{border-left-color:#2a4d7a}
.finding .where{font-size:.85rem;color:#4a5568;overflow-wrap:anywhere}
blockquote{margin:.35rem 0;padding:.25rem .7rem;border-left:3px solid #9aa3b2;background:#f7f8fb}
blockquote .src{display:block;font-size:.8rem;color:#4a5568;overflow-wrap:anywhere}
.model{margin:.35rem 0;padding:.3rem .7rem;border:1px dashed #2a4d7a;border-radius:4px}
.model b,.principle b{font-weight:600}
.principle{font-size:.88rem;color:#4a5568;font-style:italic}
.suppressed{opacity:.65}
.filters{border:1px solid #c9ced8;border-radius:6px;padding:.5rem .8rem;margin:.4rem 0 .8rem;display:grid;gap:.3rem}
.filters fieldset{border:0;margin:0;padding:0;min-width:0}
.filters legend{font-weight:600;font-size:.85rem;padding:0;margin-right:.5rem;float:left}
.filters label{display:inline-block;margin:0 .8rem .1rem 0;font-size:.9rem;white-space:nowrap}
.filters label.doc{white-space:normal;overflow-wrap:anywhere}
.count{font-weight:700}
.adopt .item{border:1px solid #c9ced8;border-radius:4px;padding:.45rem .8rem;margin:.5rem 0;break-inside:avoid}
.adopt .item p{margin:.15rem 0}.adopt .today{margin:.1rem 0;padding-left:1.2rem;font-size:.9rem;color:#333}
.adopt .src{color:#4a5568;font-size:.85em;overflow-wrap:anywhere}
.docs td{overflow-wrap:anywhere}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:640px){
  body{font-size:14px}main{padding:1rem .7rem 2rem}h1{font-size:1.4rem}.matrix td.req{min-width:9.5rem}
  .docs,.docs tbody,.docs tr,.docs td{display:block;width:100%}.docs thead{display:none}
  .docs tr{border-bottom:1px solid #c9ced8;padding:.2rem 0}.docs td{border:0;padding:.05rem .3rem}
}
@page{size:auto;margin:10mm 11mm 11mm}
@media print{
  body{font-size:8pt;line-height:1.26;color:#000}
  #findings>.muted,#coverage>.muted,#adopt>.muted{display:none}
  main{max-width:none;padding:0}
  h1{font-size:15pt}h2{font-size:11pt;margin:.7rem 0 .3rem;break-after:avoid}h3{font-size:9pt}
  .filters,.screen-only{display:none!important}
  .gaps.cols{columns:2;column-gap:6mm}.gaps li{margin:0}
  .adopt{display:grid;grid-template-columns:1fr 1fr;gap:1.2mm 3mm}
  .adopt .item{padding:.05rem .4rem;margin:0;border-color:#999;font-size:7.6pt;line-height:1.2}
  #summary p{margin:.15rem 0}.gaps{margin:.1rem 0 .2rem}.docs td,.docs th{padding:0 .25rem}.adopt .today,.adopt .there{display:none}
  blockquote{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
  .masthead{border-bottom-width:2px}
  .lead{font-size:10pt}
  .cards{grid-template-columns:repeat(5,1fr);gap:.25rem}.card{padding:.2rem .4rem}.card b{font-size:10pt}
  .matrix-wrap{overflow:visible;border:0}
  table{font-size:7.6pt}th,td{padding:.08rem .25rem}
  thead{display:table-header-group}tr{break-inside:avoid}
  .matrix td.req{min-width:0;width:50%}.legend{font-size:7.6pt;margin:.1rem 0}.matrix{min-width:0}.matrix th.doc{font-size:6.5pt;max-width:none;min-width:0}
  .matrix td.m{font-size:9pt;padding:0}.matrix td{padding-top:0;padding-bottom:0}
  .src .sec{display:none}.principle{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
  .badge{font-size:7pt;padding:0 .25rem;color:#000!important;background:#fff!important;border-color:#000!important}
  .sv-error{background:#000!important;color:#fff!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .m-binding,.m-partial,.m-hedged,.m-mention,.m-negated{color:#000}
  .finding{margin:.25rem 0;padding:.2rem .5rem;border-color:#777;border-left-color:#000!important;break-inside:avoid}
  .finding.sev-error{border-left-width:5px}.finding.sev-warning{border-left-width:3px}.finding.sev-info{border-left-width:1px}
  blockquote{margin:.12rem 0;padding:.05rem .4rem;background:none;border-left:2px solid #777}
  blockquote .src{display:inline;font-size:7pt;color:#333}
  .model{margin:.12rem 0;padding:.05rem .4rem;border-color:#555}
  .finding p{margin:.1rem 0}.principle,.finding .where{font-size:7.4pt;color:#333}
  .bar{border-color:#000}.bar .b-met{background:#000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .bar .b-weak{-webkit-print-color-adjust:exact;print-color-adjust:exact;background:repeating-linear-gradient(45deg,#000 0 1px,#fff 1px 3px)}
  a{color:#000;text-decoration:none}
}
"""

# Filters are an enhancement: the form stays hidden without JavaScript and every finding shows.
JS = """
(function(){
var form=document.getElementById('filters');if(!form)return;form.hidden=false;
var cards=[].slice.call(document.querySelectorAll('article.finding'));
var boxes=[].slice.call(form.querySelectorAll('input[type=checkbox]'));
var groups=['severity','area','state','doc'];
function values(card,g){return g==='doc'?card.getAttribute('data-docs').split('|'):[card.getAttribute('data-'+g)];}
function chosen(){var on={};groups.forEach(function(g){on[g]={};});
boxes.forEach(function(b){if(b.checked)on[b.name][b.value]=true;});return on;}
function passes(card,on,skip){return groups.every(function(g){if(g===skip)return true;
return values(card,g).some(function(v){return on[g][v];});});}
function update(){var on=chosen(),shown=0;
cards.forEach(function(c){var ok=passes(c,on,null);c.hidden=!ok;if(ok)shown++;});
boxes.forEach(function(b){var n=cards.filter(function(c){return passes(c,on,b.name)&&values(c,b.name).indexOf(b.value)>=0;}).length;
var out=b.parentNode.querySelector('.n');if(out)out.textContent=String(n);});
document.getElementById('shown').textContent=String(shown);}
boxes.forEach(function(b){b.addEventListener('change',update);});
var reset=document.getElementById('reset');if(reset)reset.addEventListener('click',function(){boxes.forEach(function(b){b.checked=true;});update();});
update();})();
"""
