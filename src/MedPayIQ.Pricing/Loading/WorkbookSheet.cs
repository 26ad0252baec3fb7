using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MedPayIQ.Pricing;

/// <summary>
/// Reads one worksheet of an Excel workbook (.xlsx, through the Open XML SDK's streaming reader) as the CSV records the
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

            var strings = SharedStrings(book);
            return (name, Render(part, strings, file, name, error));
        }
        catch (Exception ex) when (ex is not CmsFileFormatException
            && ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException or IOException or FormatException or ArgumentException)
        {
            throw error(file, "the file is not a readable Excel workbook (.xlsx): " + ex.Message, ex);
        }
    }

    private static string[] SharedStrings(WorkbookPart book)
    {
        if (book.SharedStringTablePart is not { } part)
        {
            return [];
        }

        var list = new List<string>(4096);
        using var reader = OpenXmlReader.Create(part);
        var text = new StringBuilder();
        int depth = -1;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem))
            {
                if (reader.IsStartElement)
                {
                    text.Clear();
                    depth = reader.Depth;
                }
                else
                {
                    list.Add(text.ToString());
                    depth = -1;
                }
            }
            else if (depth >= 0 && reader.ElementType == typeof(Text) && reader.IsStartElement)
            {
                text.Append(reader.GetText()); // the runs of a rich-text string, in order; phonetic runs (rPh) are not Text
            }
            else if (depth >= 0 && reader.ElementType == typeof(PhoneticRun) && reader.IsStartElement)
            {
                reader.Skip();
            }
        }

        return [.. list];
    }

    private static byte[] Render(WorksheetPart part, string[] strings, string file, string sheet, Func<string, string, Exception?, Exception> error)
    {
        var csv = new StringBuilder(1 << 16);
        using var reader = OpenXmlReader.Create(part);
        int written = 0;            // rows written so far (the text's line count)
        int column = 0;             // columns written on the current row
        string? reference = null, type = null;
        string? value = null;
        bool inRow = false, inCell = false, inInline = false;
        var inline = new StringBuilder();
        while (reader.Read())
        {
            var kind = reader.ElementType;
            if (kind == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    int r = Attribute(reader, "r") is { } rs && int.TryParse(rs, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : written + 1;
                    if (r <= written)
                    {
                        throw error(file, $"sheet '{sheet}': row {r} comes after row {written}; expected rows in order", null);
                    }

                    while (written < r - 1)
                    {
                        csv.Append('\n');
                        written++;
                    }

                    inRow = true;
                    column = 0;
                }
                else
                {
                    csv.Append('\n');
                    written++;
                    inRow = false;
                }
            }
            else if (kind == typeof(Cell) && inRow)
            {
                if (reader.IsStartElement)
                {
                    inCell = true;
                    reference = Attribute(reader, "r");
                    type = Attribute(reader, "t");
                    value = null;
                    inline.Clear();
                }
                else
                {
                    inCell = false;
                    int at = reference is null ? column : ColumnOf(reference, file, sheet, written + 1, error);
                    if (at < column)
                    {
                        throw error(file, $"sheet '{sheet}' row {written + 1}: cell {reference} comes after column {Letters(column)}; expected cells in order", null);
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
            else if (inCell && kind == typeof(CellValue) && reader.IsStartElement)
            {
                value = reader.GetText();
            }
            else if (inCell && kind == typeof(InlineString))
            {
                inInline = reader.IsStartElement;
            }
            else if (inInline && kind == typeof(Text) && reader.IsStartElement)
            {
                inline.Append(reader.GetText());
            }
            else if (inCell && kind == typeof(CellFormula) && reader.IsStartElement)
            {
                reader.Skip(); // the value CMS's workbook saved with the formula is what it shows
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string? Attribute(OpenXmlReader reader, string name)
    {
        foreach (var a in reader.Attributes)
        {
            if (a.LocalName == name && a.NamespaceUri.Length == 0)
            {
                return a.Value;
            }
        }

        return null;
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
