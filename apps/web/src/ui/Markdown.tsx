import { type ReactNode, useMemo } from 'react';
import { type MdNode, parseMarkdown } from './markdown.ts';

function render(nodes: MdNode[], prefix: string): ReactNode[] {
  return nodes.map((node, index) => {
    const key = `${prefix}${index}`;
    if (node.type === 'text') return node.text;
    if (node.type === 'code') return <code key={key}>{node.text}</code>;
    if (node.type !== 'link') {
      const Tag = node.type;
      return <Tag key={key}>{render(node.children, `${key}.`)}</Tag>;
    }
    const external = /^(https?:|mailto:)/i.test(node.href);
    return (
      <a key={key} href={node.href} {...(external ? { target: '_blank', rel: 'noreferrer' } : {})}>
        {render(node.children, `${key}.`)}
      </a>
    );
  });
}

/** Inline markdown (code, emphasis, links) as React elements; see `parseMarkdown`. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const nodes = useMemo(() => render(parseMarkdown(source), ''), [source]);
  return <span className={className ? `markdown ${className}` : 'markdown'}>{nodes}</span>;
}
