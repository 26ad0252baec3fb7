using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MedPayIQ.Pricing;

/// <summary>
/// Reads one worksheet of an Excel workbook (.xlsx: the Open XML SDK opens the package and finds the sheet and shared
/// strings parts; System.Xml's reader streams them) as the CSV records the
/// CLFS and DMEPOS loaders read, so a workbook is checked by the same code as CMS's CSV: row N of the sheet is line N
/// of the text (rows the sheet leaves out are empty lines), cells in their columns (A is field 1). A number is written as
/// Excel shows it, rounded to 15 significant digits (the workbook stores 10.56 as 10.5600000000000005, a double's
/// digits); shared and inline strings as they are, line breaks inside a cell turned into spaces; an error cell
/// (#N/A...) as its text, which the loader then refuses by its column. Nothing floating point: the digits are read as
/// a decimal.
/// </summary>
internal static class WorkbookSheet
{
    /// <summary>The worksheet's name and its cells as CSV.</summary>
    /// <param name="workbook">The .xlsx bytes.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="maxCharacters">The most characters one part of the workbook may expand to (a workbook is a zip: a bomb lies about its size).</param>
    /// <param name="error">Makes the loader's exception (file, what is wrong, cause).</param>
    public static (string Sheet, byte[] Csv) ToCsv(ReadOnlyMemory<byte> workbook, string file, long maxCharacters, Func<string, string, Exception?, Exception> error)
    {
        try
        {
            using var stream = new MemoryStream(workbook.ToArray(), writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = maxCharacters });
            var book = document.WorkbookPart ?? throw error(file, "the workbook has no workbook part; expected an Excel .xlsx file", null);
            var sheet = book.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw error(file, "the workbook has no worksheet", null);
            string name = sheet.Name?.Value ?? "Sheet1";
            if (sheet.Id?.Value is not { } id || book.GetPartById(id) is not WorksheetPart part)
            {
                throw error(file, $"the workbook's first sheet '{name}' is not a worksheet", null);
            }

            var strings = SharedStrings(book, maxCharacters);
            return (name, Render(part, strings, file, name, maxCharacters, error));
        }
        catch (Exception ex) when (ex is not CmsFileFormatException
            && ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException or IOException or FormatException or ArgumentException)
        {
            throw error(file, "the file is not a readable Excel workbook (.xlsx): " + ex.Message, ex);
        }
    }

    private static XmlReader Xml(OpenXmlPart part, long maxCharacters)
        => XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = maxCharacters,
            CloseInput = true,
        });

    /// <summary>The shared strings: each item's text (its runs in order; phonetic runs, rPh, left out).</summary>
    private static string[] SharedStrings(WorkbookPart book, long maxCharacters)
    {
        if (book.SharedStringTablePart is not { } part)
        {
            return [];
        }

        var list = new List<string>(4096);
        using var xml = Xml(part, maxCharacters);
        var text = new StringBuilder();
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "si")
            {
                continue;
            }

            text.Clear();
            if (!xml.IsEmptyElement)
            {
                int depth = xml.Depth;
                xml.Read();
                while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
                    {
                        xml.Skip(); // on the next node already
                    }
                    else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
                    {
                        text.Append(xml.ReadElementContentAsString()); // on the next node already
                    }
                    else
                    {
                        xml.Read();
                    }
                }
            }

            list.Add(text.ToString());
        }

        return [.. list];
    }

    /// <summary>The sheet's rows as CSV text (System.Xml's reader over the part the Open XML SDK resolves: one string per cell value).</summary>
    private static byte[] Render(WorksheetPart part, string[] strings, string file, string sheet, long maxCharacters, Func<string, string, Exception?, Exception> error)
    {
        var csv = new StringBuilder(1 << 16);
        using var xml = Xml(part, maxCharacters);
        int written = 0;            // rows written so far (the text's line count)
        int column = 0;             // columns written on the current row
        bool inRow = false;
        var inline = new StringBuilder();
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && inRow && xml.LocalName == "row")
            {
                csv.Append('\n');
                written++;
                inRow = false;
                continue;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "row")
            {
                int r = xml.GetAttribute("r") is { } rs && int.TryParse(rs, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : written + 1;
                if (r <= written)
                {
                    throw error(file, $"sheet '{sheet}': row {r} comes after row {written}; expected rows in order", null);
                }

                while (written < r - 1)
                {
                    csv.Append('\n');
                    written++;
                }

                column = 0;
                if (xml.IsEmptyElement)
                {
                    csv.Append('\n');
                    written++;
                }
                else
                {
                    inRow = true;
                }
            }
            else if (inRow && xml.LocalName == "c")
            {
                string? reference = xml.GetAttribute("r"), type = xml.GetAttribute("t");
                string? value = null;
                inline.Clear();
                if (!xml.IsEmptyElement)
                {
                    int depth = xml.Depth;
                    xml.Read();
                    while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                    {
                        if (xml.NodeType != XmlNodeType.Element)
                        {
                            xml.Read();
                            continue;
                        }

                        switch (xml.LocalName)
                        {
                            case "v":
                                value = xml.ReadElementContentAsString(); // each of these leaves the reader on the next node
                                break;
                            case "t":
                                inline.Append(xml.ReadElementContentAsString()); // an inline string's runs
                                break;
                            case "f" or "rPh" or "extLst":
                                xml.Skip(); // the value CMS's workbook saved with a formula is what it shows
                                break;
                            default:
                                xml.Read(); // "is", "r": their text runs come next
                                break;
                        }
                    }
                }

                int at = reference is null ? column : ColumnOf(reference, file, sheet, written + 1, error);
                if (at < column)
                {
                    throw error(file, $"sheet '{sheet}' row {written + 1}: cell {reference} comes after column {Letters(column - 1)}; expected cells in order", null);
                }

                for (; column < at; column++)
                {
                    if (column > 0)
                    {
                        csv.Append(',');
                    }
                }

                if (column > 0)
                {
                    csv.Append(',');
                }

                AppendField(csv, CellText(type, value, inline, strings, file, sheet, reference, error));
                column++;
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string CellText(string? type, string? value, StringBuilder inline, string[] strings, string file, string sheet, string? reference, Func<string, string, Exception?, Exception> error)
    {
        switch (type)
        {
            case "s":
                if (value is null)
                {
                    return string.Empty;
                }

                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i >= strings.Length)
                {
                    throw error(file, $"sheet '{sheet}' cell {reference}: found shared string index '{value}'; expected one of the workbook's {strings.Length} shared strings", null);
                }

                return strings[i];
            case "inlineStr":
                return inline.ToString();
            case "str" or "e" or "d":
                return value ?? string.Empty; // a formula's string, an error (#N/A), an ISO date: as written
            case "b":
                return value == "1" ? "TRUE" : "FALSE";
            default:
                return value is null ? string.Empty : Number(value);
        }
    }

    /// <summary>A number as Excel shows it: rounded to 15 significant digits, no exponent, no trailing zeros. Text that is not a number is returned as it is.</summary>
    internal static string Number(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d))
        {
            return text;
        }

        if (d == 0m)
        {
            return "0";
        }

        // Digits before the point (or the first significant digit's position after it) decide the decimals kept.
        decimal magnitude = Math.Abs(d);
        int integerDigits = 0;
        for (decimal m = magnitude; m >= 1m; m /= 10m)
        {
            integerDigits++;
        }

        int decimals = 15 - integerDigits;
        if (integerDigits == 0)
        {
            for (decimal m = magnitude; m < 0.1m; m *= 10m)
            {
                decimals++;
            }
        }

        decimal rounded = Math.Round(d, Math.Clamp(decimals, 0, 28), MidpointRounding.AwayFromZero);
        return (rounded / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture); // the division drops trailing zeros
    }

    private static void AppendField(StringBuilder csv, string text)
    {
        bool quote = text.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        if (!quote)
        {
            csv.Append(text);
            return;
        }

        csv.Append('"');
        foreach (char c in text)
        {
            if (c == '"')
            {
                csv.Append('"');
            }

            csv.Append(c is '\r' or '\n' ? ' ' : c);
        }

        csv.Append('"');
    }

    /// <summary>The 0-based column of a cell reference (F23 is 5).</summary>
    private static int ColumnOf(string reference, string file, string sheet, int row, Func<string, string, Exception?, Exception> error)
    {
        int column = 0, i = 0;
        for (; i < reference.Length && char.IsAsciiLetterUpper(reference[i]); i++)
        {
            column = checked((column * 26) + (reference[i] - 'A' + 1));
        }

        if (i == 0 || i > 3 || column > 16384)
        {
            throw error(file, $"sheet '{sheet}' row {row}: found cell reference '{reference}'; expected a column A to XFD and a row number", null);
        }

        return column - 1;
    }

    /// <summary>A 0-based column's letters (5 is F).</summary>
    internal static string Letters(int column)
    {
        var s = string.Empty;
        for (int c = column + 1; c > 0; c = (c - 1) / 26)
        {
            s = (char)('A' + ((c - 1) % 26)) + s;
        }

        return s;
    }
}
