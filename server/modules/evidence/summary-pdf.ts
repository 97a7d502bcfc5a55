import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/**
 * The package's human-readable summary: a PDF in Chinese. It needs a font with CJK glyphs; the
 * standard PDF fonts have none, so Chinese would print as nothing. The font is the configured file
 * (`QINGLANG_PDF_FONT`) or the first common CJK font found on the machine.
 */
export const CJK_FONT_CANDIDATES: readonly { file: string; family?: string }[] = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
];

export interface CjkFont {
  file: string;
  /** The PostScript name of the face inside a collection (.ttc); unused for a single-face file. */
  family?: string;
}

/** The font to use: the configured one, or the first candidate present; undefined when none is. */
export function findCjkFont(configured?: string | null): CjkFont | undefined {
  if (configured) {
    // A collection (.ttc) names its face after a '#': /usr/share/fonts/x.ttc#WenQuanYiMicroHei
    const hash = configured.lastIndexOf('#');
    return hash > 0 ? { file: configured.slice(0, hash), family: configured.slice(hash + 1) } : { file: configured };
  }
  for (const candidate of CJK_FONT_CANDIDATES) if (existsSync(candidate.file)) return candidate;
  return undefined;
}

export interface SummarySection {
  heading: string;
  /** Label–value lines. */
  fields?: [string, string][];
  /** Free lines (lists, timeline entries). */
  lines?: string[];
}

export interface SummaryDocument {
  title: string;
  subtitle: string;
  sections: SummarySection[];
  footer: string;
}

/** Renders the summary; resolves with the PDF bytes. Creation time is fixed by `createdAt` so output is reproducible. */
export function renderSummaryPdf(summary: SummaryDocument, font: CjkFont, createdAt: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 56, right: 56 },
      info: { Title: summary.title, Creator: 'Qinglang', Producer: 'Qinglang', CreationDate: createdAt },
      bufferPages: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      if (font.family) doc.registerFont('cjk', font.file, font.family);
      else doc.registerFont('cjk', font.file);
      doc.font('cjk');
      doc.fontSize(18).text(summary.title, { align: 'center' });
      doc.moveDown(0.3).fontSize(10).fillColor('#555555').text(summary.subtitle, { align: 'center' }).fillColor('#000000');
      for (const section of summary.sections) {
        doc.moveDown(1).fontSize(13).text(section.heading);
        doc.moveDown(0.3).fontSize(10);
        for (const [label, value] of section.fields ?? []) doc.text(`${label}：${value}`, { lineGap: 2 });
        for (const line of section.lines ?? []) doc.text(line, { lineGap: 2, indent: 8 });
      }
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const bottom = doc.page.height - doc.page.margins.bottom + 20;
        doc
          .fontSize(8)
          .fillColor('#777777')
          .text(`${summary.footer}  ·  ${i + 1} / ${range.count}`, doc.page.margins.left, bottom, {
            width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
            align: 'center',
            lineBreak: false,
          });
      }
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
