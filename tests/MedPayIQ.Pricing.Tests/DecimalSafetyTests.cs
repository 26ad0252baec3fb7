using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// Money, RVUs, GPCIs and conversion factors are <see cref="decimal"/>, never binary floating point: the libraries'
/// compiled IL is read here and may hold no 32- or 64-bit floating-point type anywhere (fields, signatures, locals,
/// generic arguments, members called, types referenced) and no floating-point instruction (ldc.r4/r8, conv.r4/r8,
/// conv.r.un). A single <c>double</c> slipped into any path fails this test, whichever file it is in.
/// </summary>
public class DecimalSafetyTests
{
    // The libraries that hold money. MedPayIQ.Hosting is not scanned: it only passes claims to these, and it reads
    // durations (TimeSpan.TotalMilliseconds) and has source-generated [Range] validators, which use binary floating point.
    public static TheoryData<string> Libraries => ["MedPayIQ.Pricing", "MedPayIQ.Pricing.Data", "MedPayIQ.Ncci", "MedPayIQ.Insights", "MedPayIQ.X12"];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_library_has_no_floating_point_anywhere(string library)
    {
        var found = FloatingPointUses(Path.Combine(AppContext.BaseDirectory, library + ".dll"));
        Assert.True(found.Count == 0, $"{library}: floating point in {string.Join("; ", found.Take(20))}");
    }

    [Fact]
    public void The_scan_finds_floating_point_where_there_is_some()
    {
        // This test assembly does use it (the line below), so the scan is known to see it.
        double probe = Math.Sqrt(2);
        Assert.True(probe > 1);
        var found = FloatingPointUses(typeof(DecimalSafetyTests).Assembly.Location);
        Assert.Contains(found, f => f.Contains(nameof(The_scan_finds_floating_point_where_there_is_some), StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("member Sqrt", StringComparison.Ordinal));
    }

    private static List<string> FloatingPointUses(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var finder = new FloatFinder();
        var found = new List<string>();

        foreach (var h in md.TypeReferences)
        {
            var t = md.GetTypeReference(h);
            if (md.GetString(t.Namespace) == "System" && md.GetString(t.Name) is "Double" or "Single" or "Half")
            {
                found.Add($"type reference System.{md.GetString(t.Name)}");
            }
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            if (md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(finder, null))
            {
                found.Add("generic instantiation over a floating-point type");
            }
        }

        foreach (var h in md.MemberReferences)
        {
            var m = md.GetMemberReference(h);
            bool floating = m.GetKind() == MemberReferenceKind.Method
                ? Any(m.DecodeMethodSignature(finder, null))
                : m.DecodeFieldSignature(finder, null);
            if (floating)
            {
                found.Add($"member {md.GetString(m.Name)}");
            }
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            if (md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).DecodeSignature(finder, null).Any(a => a))
            {
                found.Add("generic method instantiation over a floating-point type");
            }
        }

        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            string typeName = md.GetString(type.Name);
            foreach (var f in type.GetFields())
            {
                var field = md.GetFieldDefinition(f);
                if (field.DecodeSignature(finder, null))
                {
                    found.Add($"field {typeName}.{md.GetString(field.Name)}");
                }
            }

            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                string name = $"{typeName}.{md.GetString(method.Name)}";
                if (Any(method.DecodeSignature(finder, null)))
                {
                    found.Add($"signature of {name}");
                }

                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil && md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(finder, null).Any(l => l))
                {
                    found.Add($"locals of {name}");
                }

                if (FloatingInstruction(body.GetILBytes() ?? []) is { } op)
                {
                    found.Add($"{op} in {name}");
                }
            }
        }

        return found;
    }

    private static bool Any(MethodSignature<bool> s) => s.ReturnType || s.ParameterTypes.Any(p => p);

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static readonly HashSet<short> Floating = [OpCodes.Ldc_R4.Value, OpCodes.Ldc_R8.Value, OpCodes.Conv_R4.Value, OpCodes.Conv_R8.Value, OpCodes.Conv_R_Un.Value];

    /// <summary>The first floating-point instruction of a method body, walking every instruction and its operand.</summary>
    private static string? FloatingInstruction(byte[] il)
    {
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? unchecked((short)(0xFE00 | il[i + 1])) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            if (Floating.Contains(value))
            {
                return op.Name;
            }

            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }

        return null;
    }

    /// <summary>Decodes a signature to "does it hold a floating-point type anywhere".</summary>
    private sealed class FloatFinder : ISignatureTypeProvider<bool, object?>
    {
        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode is PrimitiveTypeCode.Double or PrimitiveTypeCode.Single;

        public bool GetArrayType(bool elementType, ArrayShape shape) => elementType;

        public bool GetByReferenceType(bool elementType) => elementType;

        public bool GetFunctionPointerType(MethodSignature<bool> signature) => Any(signature);

        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => genericType || typeArguments.Any(a => a);

        public bool GetGenericMethodParameter(object? genericContext, int index) => false;

        public bool GetGenericTypeParameter(object? genericContext, int index) => false;

        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => unmodifiedType;

        public bool GetPinnedType(bool elementType) => elementType;

        public bool GetPointerType(bool elementType) => elementType;

        public bool GetSZArrayType(bool elementType) => elementType;

        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => false;

        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var t = reader.GetTypeReference(handle);
            return reader.GetString(t.Namespace) == "System" && reader.GetString(t.Name) is "Half";
        }

        public bool GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
            => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
