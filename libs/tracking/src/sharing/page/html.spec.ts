import { jsonForScript, markup } from './html.js';

describe('markup', () => {
  it('escapes interpolated text, in content and attributes', () => {
    const name = `<script>alert("x")</script> & 'quotes'`;
    expect(markup`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('keeps nested templates as markup, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((item) => markup`<li>${item}</li>`);
    expect(markup`<ul>${items}${null}${undefined}${false}${0}</ul>`.text).toBe('<ul><li>a&lt;b</li><li>c</li>0</ul>');
  });

  it('writes JSON that cannot close its script element and parses back unchanged', () => {
    const value = { model: '</script><script>alert(1)</script>', note: '<!-- \u2028' };
    const text = jsonForScript(value).text;
    expect(text).not.toMatch(/<\/?script|<!--/i);
    expect(JSON.parse(text)).toEqual(value);
  });
});
