using System.Globalization;
using System.Text.Json;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli;

/// <summary>What the loaded NCCI tables say about one code on a date of service: its MUE, add-on facts, PTP pairs.</summary>
internal sealed class NcciFacts
{
    private const int MaxPairs = 20;

    private NcciFacts(List<string> lines, MueEntry? mue, string? mueTable, List<AddOnEdit> primaries, List<HcpcsCode> addOns, List<PtpEdit> pairs, string? ptpTable)
    {
        Lines = lines;
        Mue = mue;
        MueTable = mueTable;
        Primaries = primaries;
        AddOns = addOns;
        Pairs = pairs;
        PtpTable = ptpTable;
    }

    public List<string> Lines { get; }

    private MueEntry? Mue { get; }

    private string? MueTable { get; }

    private List<AddOnEdit> Primaries { get; }

    private List<HcpcsCode> AddOns { get; }

    private List<PtpEdit> Pairs { get; }

    private string? PtpTable { get; }

    public static NcciFacts Of(NcciCatalog catalog, HcpcsCode code, DateOnly date)
    {
        var lines = new List<string>();
        MueEntry? mue = null;
        string? mueTable = null, ptpTable = null;
        if (catalog.Resolve(NcciTableKind.MuePractitioner, date, out string mueWhy) is MueTable m)
        {
            mueTable = m.Source.ToString();
            if (m.TryGet(code, out var entry))
            {
                mue = entry;
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"MUE {entry.Value} units, adjudication indicator {(int)entry.Adjudication} ({entry.Adjudication}), {entry.Rationale} [{m.Source}]"));
            }
            else
            {
                lines.Add($"no practitioner MUE for {code} [{m.Source}]");
            }
        }
        else
        {
            lines.Add($"MUE: {mueWhy} (give --mue FILE)");
        }

        var primaries = new List<AddOnEdit>();
        var addOns = new List<HcpcsCode>();
        if (catalog.Resolve(NcciTableKind.AddOn, date, out string aocWhy) is AddOnTable a)
        {
            foreach (var e in a.EditsOf(code))
            {
                if (e.AppliesOn(date))
                {
                    primaries.Add(e);
                }
            }

            addOns.AddRange(a.AddOnsOf(code, date));
            if (primaries.Count > 0)
            {
                var type = primaries[0].Type;
                var listed = primaries.Where(e => e.Primary.IsSome).Select(e => e.Primary.ToString()).ToList();
                lines.Add(type == AddOnEditType.ContractorPrimaries
                    ? $"add-on code, type 2: the contractor defines its primaries [{a.Source}]"
                    : $"add-on code, type {(int)type}: primaries {string.Join(", ", listed.Take(12))}{(listed.Count > 12 ? $" and {listed.Count - 12} more" : "")} [{a.Source}]");
            }

            if (addOns.Count > 0)
            {
                lines.Add($"primary of {addOns.Count} add-on codes: {string.Join(", ", addOns.Take(12))}{(addOns.Count > 12 ? " ..." : "")} [{a.Source}]");
            }

            if (primaries.Count == 0 && addOns.Count == 0)
            {
                lines.Add($"not an add-on code, and no add-on code lists it as a primary [{a.Source}]");
            }
        }
        else
        {
            lines.Add($"add-on codes: {aocWhy}");
        }

        var pairs = new List<PtpEdit>();
        if (catalog.Resolve(NcciTableKind.PtpPractitioner, date, out string ptpWhy) is PtpTable p)
        {
            ptpTable = p.Source.ToString();
            pairs.AddRange(p.EditsOf(code).Where(e => e.AppliesOn(date)));
            lines.Add($"{pairs.Count} PTP edits in force with {code} [{p.Source}]");
            foreach (var e in pairs.Take(MaxPairs))
            {
                lines.Add($"  {e}");
            }
        }
        else
        {
            lines.Add($"PTP: {ptpWhy} (give --ptp FILE)");
        }

        return new NcciFacts(lines, mue, mueTable, primaries, addOns, pairs, ptpTable);
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("ncci");
        if (Mue is { } m)
        {
            w.WriteStartObject("mue");
            w.WriteNumber("value", m.Value);
            w.WriteNumber("adjudicationIndicator", (int)m.Adjudication);
            w.WriteString("rationale", m.Rationale);
            w.WriteString("table", MueTable);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("mue");
        }

        w.WriteStartArray("addOnPrimaries");
        foreach (var e in Primaries.Where(e => e.Primary.IsSome))
        {
            w.WriteStringValue(e.Primary.ToString());
        }

        w.WriteEndArray();
        if (Primaries.Count > 0)
        {
            w.WriteNumber("addOnType", (int)Primaries[0].Type);
        }
        else
        {
            w.WriteNull("addOnType");
        }

        w.WriteStartArray("addOnsOfThisPrimary");
        foreach (var c in AddOns)
        {
            w.WriteStringValue(c.ToString());
        }

        w.WriteEndArray();
        w.WriteStartArray("ptp");
        foreach (var e in Pairs)
        {
            w.WriteStartObject();
            w.WriteString("column1", e.Column1.ToString());
            w.WriteString("column2", e.Column2.ToString());
            w.WriteNumber("modifierIndicator", (int)e.ModifierIndicator);
            w.WriteString("rationale", e.Rationale);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("ptpTable", PtpTable);
        w.WriteStartArray("facts");
        foreach (var l in Lines)
        {
            w.WriteStringValue(l);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
