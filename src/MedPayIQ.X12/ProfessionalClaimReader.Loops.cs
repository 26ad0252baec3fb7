using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>The loops of an 837P transaction a pricer needs; every other segment is passed over on purpose.</summary>
public sealed partial class ProfessionalClaimReader
{
    /// <summary>Whose segments N3, N4, REF, PRV and DMG are: the last NM1 (or HL) read.</summary>
    private enum Entity
    {
        None,
        Billing,
        Subscriber,
        Patient,
        ClaimLevel,
        Rendering,
        Facility,
        Line,
        Other,
    }

    private Entity _entity;
    private int _hlLevel; // 20, 22, 23 or 0
    private X12Party _billing = new(), _subscriber = new(), _patient = new();
    private X12Party? _rendering, _facility;
    private string _filing = "";
    private ClaimBuilder? _claim;
    private LineBuilder? _line;

    private sealed class ClaimBuilder
    {
        public string Id = "";
        public decimal Charge;
        public PlaceOfService Pos;
        public string Frequency = "1";
        public string Assignment = "";
        public DateOnly? Assumed, Relinquished;
        public readonly List<string> Diagnoses = [];
        public readonly List<X12Reference> References = [];
        public readonly List<ProfessionalServiceLine> Lines = [];
    }

    private sealed class LineBuilder
    {
        public int Number;
        public bool HasService;
        public ClaimLine Line;
        public string Basis = "UN";
        public int Quantity;
        public DateOnly? From, Through;
        public ImmutableArray<int> Pointers = [];
        public string Control = "";
    }

    private void ResetLoops()
    {
        _entity = Entity.None;
        _hlLevel = 0;
        _billing = new();
        _subscriber = new();
        _patient = new();
        _rendering = null;
        _facility = null;
        _filing = "";
        _claim = null;
        _line = null;
    }

    private void Body(in Segment s)
    {
        switch (s.Id)
        {
            case "HL":
                Hl(s);
                break;
            case "NM1":
                Nm1(s);
                break;
            case "N3":
                string address = s[1].ToString();
                Party(p => p with { Address = address });
                break;
            case "N4":
                N4(s);
                break;
            case "PRV":
                Prv(s);
                break;
            case "REF":
                Ref(s);
                break;
            case "SBR":
                if (_hlLevel == 22)
                {
                    _filing = s[9].ToString();
                }

                break;
            case "DMG":
                Dmg(s);
                break;
            case "CLM":
                Clm(s);
                break;
            case "DTP":
                Dtp(s);
                break;
            case "HI":
                Hi(s);
                break;
            case "LX":
                Lx(s);
                break;
            case "SV1":
                Sv1(s);
                break;
        }
    }

    private void Hl(in Segment s)
    {
        if (!FinishClaim("HL", s.Text))
        {
            return;
        }

        switch (s[3])
        {
            case "20":
                _hlLevel = 20;
                _entity = Entity.Billing;
                _billing = new();
                _subscriber = new();
                _patient = new();
                break;
            case "22":
                if (_hlLevel == 0)
                {
                    Fail("HL", "HL03", s[3], "HL*20 (the billing provider) before the subscriber's HL*22");
                    return;
                }

                _hlLevel = 22;
                _entity = Entity.Subscriber;
                _subscriber = new();
                _patient = new();
                _filing = "";
                break;
            case "23":
                if (_hlLevel is not (22 or 23))
                {
                    Fail("HL", "HL03", s[3], "HL*22 (the subscriber) before the patient's HL*23");
                    return;
                }

                _hlLevel = 23;
                _entity = Entity.Patient;
                _patient = new();
                break;
            default:
                Fail("HL", "HL03", s[3], "20 (billing provider), 22 (subscriber) or 23 (patient)");
                break;
        }
    }

    private void Nm1(in Segment s)
    {
        var id = s[1];
        var party = new X12Party { Name = s[3].ToString(), FirstName = s[4].ToString(), IdQualifier = s[8].ToString(), Id = s[9].ToString() };
        if (_line is not null)
        {
            _entity = Entity.Other; // 2420A-H: line-level providers are not priced apart
            return;
        }

        switch (id)
        {
            case "85":
                _entity = Entity.Billing;
                _billing = party with { Taxonomy = _billing.Taxonomy };
                break;
            case "IL":
                _entity = Entity.Subscriber;
                _subscriber = party;
                break;
            case "QC":
                _entity = Entity.Patient;
                _patient = party;
                break;
            case "82" when _claim is not null:
                _entity = Entity.Rendering;
                _rendering = party;
                break;
            case "77" when _claim is not null:
                _entity = Entity.Facility;
                _facility = party;
                break;
            default:
                _entity = Entity.Other;
                break;
        }
    }

    private void N4(in Segment s)
    {
        var zip = s[3];
        if (_entity is Entity.Billing or Entity.Facility && !(zip.Length is 5 or 9 && zip.ContainsAnyExceptInRange('0', '9') == false))
        {
            Fail("N4", "N403", zip, "a ZIP code of 5 or 9 digits (the locality is found by it)");
            return;
        }

        string city = s[1].ToString(), state = s[2].ToString(), zipText = zip.ToString();
        Party(p => p with { City = city, State = state, Zip = zipText });
    }

    private void Prv(in Segment s)
    {
        string taxonomy = s[3].ToString();
        if (_entity == Entity.Billing || (_entity == Entity.None && _hlLevel == 20))
        {
            _billing = _billing with { Taxonomy = taxonomy };
        }
        else if (_entity == Entity.Rendering)
        {
            _rendering = _rendering! with { Taxonomy = taxonomy };
        }
    }

    private void Ref(in Segment s)
    {
        var qualifier = s[1];
        switch (_entity)
        {
            case Entity.Line when qualifier.SequenceEqual("6R"):
                _line!.Control = s[2].ToString();
                break;
            case Entity.ClaimLevel:
                _claim!.References.Add(new X12Reference(qualifier.ToString(), s[2].ToString()));
                break;
            case Entity.Billing when qualifier.SequenceEqual("EI"):
                _billing = _billing with { TaxId = s[2].ToString() };
                break;
        }
    }

    private void Dmg(in Segment s)
    {
        if (_entity is not (Entity.Subscriber or Entity.Patient))
        {
            return;
        }

        if (!s[1].SequenceEqual("D8") || !Date(s[2], out var birth))
        {
            Fail("DMG", "DMG02", s[2], "a birth date written CCYYMMDD (DMG01 D8)");
            return;
        }

        string sex = s[3].ToString();
        Party(p => p with { BirthDate = birth, Sex = sex });
    }

    private void Clm(in Segment s)
    {
        if (!FinishClaim("CLM", s.Text))
        {
            return;
        }

        if (_hlLevel is not (22 or 23))
        {
            Fail("CLM", "", s.Text, "HL*22 (subscriber) or HL*23 (patient) before CLM");
            return;
        }

        if (_pending.Count >= _options.MaxClaimsPerTransaction)
        {
            Fail("CLM", "", s.Text, $"at most {_options.MaxClaimsPerTransaction:N0} claims in a transaction set");
            return;
        }

        var id = s[1];
        if (id.IsEmpty || id.Length > 38)
        {
            Fail("CLM", "CLM01", id, "the patient control number, 1 to 38 characters");
            return;
        }

        if (!Amount(s[2], out decimal charge))
        {
            Fail("CLM", "CLM02", s[2], "the total claim charge, a dollar amount such as 125.5");
            return;
        }

        var facility = s[5];
        Span<Range> parts = stackalloc Range[4];
        int n = facility.Split(parts, _segments.Delimiters.Component);
        var pos = facility[parts[0]];
        var frequency = n >= 3 ? facility[parts[2]] : [];
        if (!Pos(pos, out var place))
        {
            Fail("CLM", "CLM05-1", pos, "a place of service of two digits, 01 to 99");
            return;
        }

        var assignment = s[7];
        if (!(assignment.SequenceEqual("A") || assignment.SequenceEqual("B") || assignment.SequenceEqual("C")))
        {
            Fail("CLM", "CLM07", assignment, "A (assigned), B (lab services only) or C (not assigned)");
            return;
        }

        _claim = new ClaimBuilder
        {
            Id = id.ToString(),
            Charge = charge,
            Pos = place,
            Frequency = frequency.IsEmpty ? "1" : frequency.ToString(),
            Assignment = assignment.ToString(),
        };
        _entity = Entity.ClaimLevel;
        _rendering = null;
        _facility = null;
    }

    private void Dtp(in Segment s)
    {
        var qualifier = s[1];
        if (_line is not null)
        {
            if (!qualifier.SequenceEqual("472"))
            {
                return;
            }

            var format = s[2];
            var value = s[3];
            if (format.SequenceEqual("D8") && Date(value, out var day))
            {
                _line.From = _line.Through = day;
            }
            else if (format.SequenceEqual("RD8") && value.Length == 17 && value[8] == '-' && Date(value[..8], out var from) && Date(value[9..], out var through) && from <= through)
            {
                _line.From = from;
                _line.Through = through;
            }
            else
            {
                Fail("DTP", "DTP03", value, "a date of service CCYYMMDD (DTP02 D8) or a range CCYYMMDD-CCYYMMDD (DTP02 RD8), the first not after the last");
            }

            return;
        }

        if (_claim is null || !(qualifier.SequenceEqual("090") || qualifier.SequenceEqual("091")))
        {
            return;
        }

        if (!s[2].SequenceEqual("D8") || !Date(s[3], out var date))
        {
            Fail("DTP", "DTP03", s[3], $"a date written CCYYMMDD (DTP*{qualifier}*D8)");
            return;
        }

        if (qualifier[2] == '0')
        {
            _claim.Assumed = date;
        }
        else
        {
            _claim.Relinquished = date;
        }
    }

    private void Hi(in Segment s)
    {
        if (_claim is null)
        {
            Fail("HI", "", s.Text, "CLM before HI");
            return;
        }

        for (int i = 1; i <= 12; i++)
        {
            var composite = s[i];
            if (composite.IsEmpty)
            {
                break;
            }

            int c = composite.IndexOf(_segments.Delimiters.Component);
            var qualifier = c < 0 ? composite : composite[..c];
            if (!(qualifier.SequenceEqual("ABK") || qualifier.SequenceEqual("ABF") || qualifier.SequenceEqual("BK") || qualifier.SequenceEqual("BF")) || c < 0 || c == composite.Length - 1)
            {
                Fail("HI", string.Create(CultureInfo.InvariantCulture, $"HI{i:D2}"), composite, "a diagnosis: ABK (principal) or ABF (other), the component separator, the ICD-10-CM code");
                return;
            }

            var rest = composite[(c + 1)..];
            int end = rest.IndexOf(_segments.Delimiters.Component);
            _claim.Diagnoses.Add((end < 0 ? rest : rest[..end]).ToString());
        }
    }

    private void Lx(in Segment s)
    {
        if (!FinishLine("LX", s.Text))
        {
            return;
        }

        if (_claim is null)
        {
            Fail("LX", "", s.Text, "CLM before LX (a service line belongs to a claim)");
            return;
        }

        if (!Number(s[1], out int number) || number < 1)
        {
            Fail("LX", "LX01", s[1], "the line number, 1 or more");
            return;
        }

        _line = new LineBuilder { Number = number };
        _entity = Entity.Line;
    }

    private void Sv1(in Segment s)
    {
        if (_line is null || _line.HasService)
        {
            Fail("SV1", "", s.Text, "LX before SV1 (one SV1 per service line)");
            return;
        }

        var service = s[1];
        char c = _segments.Delimiters.Component;
        Span<Range> parts = stackalloc Range[8];
        int n = service.Split(parts, c);
        if (n < 2 || !service[parts[0]].SequenceEqual("HC"))
        {
            Fail("SV1", "SV101-1", service, "HC, then the component separator and a HCPCS code");
            return;
        }

        if (!HcpcsCode.TryParse(service[parts[1]], out var code))
        {
            Fail("SV1", "SV101-2", service[parts[1]], "a HCPCS code of five letters or digits");
            return;
        }

        var modifiers = ModifierSet.Empty;
        for (int i = 2; i < Math.Min(n, 6); i++)
        {
            var m = service[parts[i]];
            if (m.IsEmpty)
            {
                continue;
            }

            if (!Modifier.TryParse(m, out var modifier) || modifiers.Contains(modifier))
            {
                Fail("SV1", string.Create(CultureInfo.InvariantCulture, $"SV101-{i + 1}"), m, "a modifier of two letters or digits, each once");
                return;
            }

            modifiers = modifiers.Add(modifier);
        }

        if (!Amount(s[2], out decimal charge))
        {
            Fail("SV1", "SV102", s[2], "the line charge, a dollar amount such as 125.5");
            return;
        }

        var basis = s[3];
        bool minutes = basis.SequenceEqual("MJ");
        if (!minutes && !basis.SequenceEqual("UN"))
        {
            Fail("SV1", "SV103", basis, "UN (units) or MJ (anesthesia minutes)");
            return;
        }

        if (!decimal.TryParse(s[4], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal q) || q < 1m || q != decimal.Truncate(q) || q > 99_999m)
        {
            Fail("SV1", "SV104", s[4], minutes ? "the anesthesia minutes, a whole number from 1 to 99999" : "the units of service, a whole number from 1 to 99999");
            return;
        }

        int quantity = (int)q;
        PlaceOfService? pos = null;
        if (!s[5].IsEmpty)
        {
            if (!Pos(s[5], out var p))
            {
                Fail("SV1", "SV105", s[5], "a place of service of two digits, 01 to 99");
                return;
            }

            pos = p;
        }

        var pointerText = s[7];
        Span<int> pointers = stackalloc int[4];
        int count = 0;
        if (!pointerText.IsEmpty)
        {
            foreach (var range in pointerText.Split(c))
            {
                if (!Number(pointerText[range], out int pointer) || pointer is < 1 or > 12 || count == 4)
                {
                    Fail("SV1", "SV107", pointerText, "up to four diagnosis pointers, each 1 to 12");
                    return;
                }

                pointers[count++] = pointer;
            }
        }

        _line.HasService = true;
        _line.Basis = basis.ToString();
        _line.Quantity = quantity;
        _line.Pointers = count == 0 ? [] : ImmutableArray.Create(pointers[..count]);
        _line.Line = new ClaimLine(default, code, modifiers)
        {
            Units = minutes ? 1 : quantity,
            AnesthesiaMinutes = minutes ? quantity : 0,
            AnesthesiaBaseUnits = minutes && _options.AnesthesiaBaseUnits is { } table && table.TryGetValue(code, out int baseUnits) ? baseUnits : null,
            BilledCharge = charge,
            PlaceOfService = pos,
        };
    }

    /// <summary>Ends the current line (after its LX, SV1 and DTP*472 were read); false (and the transaction failed) when it is incomplete.</summary>
    private bool FinishLine(string id, ReadOnlySpan<char> text)
    {
        if (_line is not { } line)
        {
            return true;
        }

        _line = null;
        if (!line.HasService)
        {
            Fail(id, "", text, $"SV1 in service line {line.Number} (LX*{line.Number} has no SV1)");
            return false;
        }

        if (line.From is not { } from)
        {
            Fail(id, "", text, $"DTP*472, the date of service, in service line {line.Number}");
            return false;
        }

        var l = line.Line with { DateOfService = from };
        if (l.Modifiers.Contains(Modifier55))
        {
            l = l with { PostoperativeCareAssumed = _claim!.Assumed, PostoperativeCareRelinquished = _claim.Relinquished };
        }

        _claim!.Lines.Add(new ProfessionalServiceLine
        {
            Number = line.Number,
            Line = l,
            UnitBasis = line.Basis,
            Quantity = line.Quantity,
            ThroughDate = line.Through ?? from,
            DiagnosisPointers = line.Pointers,
            ControlNumber = line.Control,
        });
        return true;
    }

    private static readonly Modifier Modifier55 = Modifier.Parse("55");

    /// <summary>Ends the current claim; false (and the transaction failed) when it is incomplete or does not add up.</summary>
    private bool FinishClaim(string id, ReadOnlySpan<char> text)
    {
        if (!FinishLine(id, text))
        {
            return false;
        }

        if (_claim is not { } claim)
        {
            return true;
        }

        _claim = null;
        if (claim.Lines.Count == 0)
        {
            Fail(id, "", text, $"a service line (LX, SV1) in claim {claim.Id}");
            return false;
        }

        decimal sum = 0m;
        foreach (var line in claim.Lines)
        {
            sum += line.Line.BilledCharge!.Value;
        }

        if (sum != claim.Charge)
        {
            Fail(id, "CLM02", claim.Charge.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{sum}, the sum of the line charges (SV102) of claim {claim.Id}"));
            return false;
        }

        string zip = _facility is { Zip.Length: > 0 } f ? f.Zip : _billing.Zip;
        if (zip.Length == 0)
        {
            Fail(id, "", text, $"the billing provider's N4 (loop 2010AA) with its ZIP code, for claim {claim.Id}");
            return false;
        }

        var patient = _hlLevel == 23 ? _patient : _subscriber;
        var lines = ImmutableArray.CreateBuilder<ClaimLine>(claim.Lines.Count);
        foreach (var line in claim.Lines)
        {
            lines.Add(line.Line);
        }

        _pending.Add(new ProfessionalClaim
        {
            ClaimId = claim.Id,
            TotalCharge = claim.Charge,
            PlaceOfService = claim.Pos,
            FrequencyCode = claim.Frequency,
            Assignment = claim.Assignment,
            Claim = new Claim([])
            {
                Lines = lines.MoveToImmutable(),
                Location = PricingLocation.OfZip(zip),
                PlaceOfService = claim.Pos,
                Provider = ProviderTaxonomy.KindOf(_rendering is { Taxonomy.Length: > 0 } r ? r.Taxonomy : _billing.Taxonomy),
                Participating = claim.Assignment != "C",
                ApplySequestration = _options.ApplySequestration,
                DeductibleRemaining = _options.DeductibleRemaining,
            },
            ServiceLines = [.. claim.Lines],
            Diagnoses = [.. claim.Diagnoses],
            References = [.. claim.References],
            BillingProvider = _billing,
            Subscriber = _subscriber,
            Patient = patient,
            FilingIndicator = _filing,
            RenderingProvider = _rendering,
            ServiceFacility = _facility,
            CareAssumed = claim.Assumed,
            CareRelinquished = claim.Relinquished,
            Envelope = new X12ControlNumbers(_isa13, _gs06, _st02),
        });
        return true;
    }

    private void Party(Func<X12Party, X12Party> change)
    {
        switch (_entity)
        {
            case Entity.Billing:
                _billing = change(_billing);
                break;
            case Entity.Subscriber:
                _subscriber = change(_subscriber);
                break;
            case Entity.Patient:
                _patient = change(_patient);
                break;
            case Entity.Rendering:
                _rendering = change(_rendering!);
                break;
            case Entity.Facility:
                _facility = change(_facility!);
                break;
        }
    }

    /// <summary>The places of service 01-99, parsed once.</summary>
    private static readonly PlaceOfService[] Places = [.. Enumerable.Range(0, 100).Select(n => n == 0 ? default : PlaceOfService.Parse(n.ToString("D2", CultureInfo.InvariantCulture)))];

    /// <summary>A place of service of two digits, 01 to 99.</summary>
    private static bool Pos(ReadOnlySpan<char> text, out PlaceOfService pos)
    {
        pos = default;
        if (text.Length != 2 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || (text[0] == '0' && text[1] == '0'))
        {
            return false;
        }

        pos = Places[((text[0] - '0') * 10) + (text[1] - '0')];
        return true;
    }

    private static bool Amount(ReadOnlySpan<char> text, out decimal amount)
        => decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) && amount <= 99_999_999.99m && !text.IsEmpty;

    private static bool Date(ReadOnlySpan<char> text, out DateOnly date)
        => DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && text.Length == 8;
}
