using System.Buffers;
using System.Globalization;
using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>Reads the fixed-width PPRRVU TXT (HDR lines, then one 171-character record per line).</summary>
internal static class RvuTextReader
{
    private const int MinLength = 171;

    public static RvuTable Read(string file, ReadOnlyMemory<byte> content, bool includeValues)
    {
        int capacity = content.Span.Count((byte)'\n') + 1;
        using var buffer = new RvuRowBuffer(capacity);
        using var rows = buffer.Segment(0, capacity, content.Length / 4);
        var layout = RvuLayouts.FixedWidth2025;
        int headers = 0;
        bool any = false;
        foreach (var (line, number) in new LineEnumerator(content.Span))
        {
            any = true;
            if (line.IsEmpty || line is [0x1A])
            {
                continue;
            }

            if (line.StartsWith("HDR"u8))
            {
                headers++;
                continue;
            }

            if (line.Length < MinLength)
            {
                FeeScheduleThrow.Line(file, number, line, includeValues, $"expected a fixed-width PPRRVU record of at least {MinLength} characters, found {line.Length} (truncated line?)");
            }

            var b = default(RvuEntryBuilder);
            foreach (var (col, start, length) in layout)
            {
                if (col != RvuColumn.Description)
                {
                    RvuLayouts.Apply(ref b, col, line.Slice(start - 1, length), file, number, start, includeValues);
                }
            }

            RvuLayouts.CheckTotals(b, file, number, 91, 97, includeValues);
            rows.Add(b, line.Slice(7, 50), number, file);
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected the CMS PPRRVU fixed-width file");
        }

        if (headers == 0)
        {
            FeeScheduleThrow.File(file, "no HDR header records; expected the CMS PPRRVU fixed-width file");
        }

        return RvuTableBuilder.Build(file, buffer, rows);
    }
}
