using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace AshbySource.Tests.TestSupport;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the compiled assembly: base types,
/// interfaces, generic constraints, attributes, field types, method signatures and locals, and every type,
/// method, field and signature the method bodies name. However a reference is written in the source (a
/// <c>using</c>, a full name, a partly qualified one, <c>global::</c>), it ends up here. Nested and
/// compiler-made types (lambdas, async state machines) count as the top-level type that declares them.
/// </summary>
internal static class TypeUses
{
    /// <summary>The operand size of every IL instruction, by its opcode value.</summary>
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value, o => o.OperandType);

    /// <summary>(user, used) pairs of top-level type full names, for each type that uses another type of the assembly.</summary>
    public static IReadOnlySet<(string User, string Used)> Of(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        var scan = new Scan(reader, pe);
        foreach (var handle in reader.TypeDefinitions)
        {
            scan.Type(handle);
        }

        return scan.Uses;
    }

    private sealed class Scan(MetadataReader reader, PEReader pe) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private string _user = "";

        public HashSet<(string User, string Used)> Uses { get; } = [];

        public void Type(TypeDefinitionHandle handle)
        {
            _user = TopLevelName(handle);
            var type = reader.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var implemented in type.GetInterfaceImplementations())
            {
                Entity(reader.GetInterfaceImplementation(implemented).Interface);
            }

            GenericParameters(type.GetGenericParameters());
            Attributes(type.GetCustomAttributes());
            foreach (var field in type.GetFields())
            {
                var definition = reader.GetFieldDefinition(field);
                Add(definition.DecodeSignature(this, null));
                Attributes(definition.GetCustomAttributes());
            }

            foreach (var method in type.GetMethods())
            {
                Method(reader.GetMethodDefinition(method));
            }

            foreach (var property in type.GetProperties())
            {
                Attributes(reader.GetPropertyDefinition(property).GetCustomAttributes());
            }
        }

        private void Method(MethodDefinition method)
        {
            Signature(method.DecodeSignature(this, null));
            GenericParameters(method.GetGenericParameters());
            Attributes(method.GetCustomAttributes());
            foreach (var parameter in method.GetParameters())
            {
                Attributes(reader.GetParameter(parameter).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null))
                {
                    Add(local);
                }
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var code = (ushort)il.ReadByte();
                if (code == 0xFE)
                {
                    code = (ushort)(0xFE00 | il.ReadByte());
                }

                switch (Operands[code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig or OperandType.InlineTok or OperandType.InlineType:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case var other:
                        il.Offset += OperandSize(other);
                        break;
                }
            }
        }

        private static int OperandSize(OperandType operand) => operand switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            _ => 4,
        };

        /// <summary>A type, member or signature named by a token.</summary>
        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Add([(TypeDefinitionHandle)handle]);
                    break;
                case HandleKind.TypeSpecification:
                    Add(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null));
                    break;
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    Add([method.GetDeclaringType()]);
                    Signature(method.DecodeSignature(this, null));
                    break;
                case HandleKind.FieldDefinition:
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    Add([field.GetDeclaringType()]);
                    Add(field.DecodeSignature(this, null));
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        Signature(member.DecodeMethodSignature(this, null));
                    }
                    else
                    {
                        Add(member.DecodeFieldSignature(this, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var instance = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(instance.Method);
                    foreach (var argument in instance.DecodeSignature(this, null))
                    {
                        Add(argument);
                    }

                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        Signature(signature.DecodeMethodSignature(this, null));
                    }

                    break;
            }
        }

        private void Signature(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature)
        {
            Add(signature.ReturnType);
            foreach (var parameter in signature.ParameterTypes)
            {
                Add(parameter);
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var parameter in parameters)
            {
                foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
                {
                    Entity(reader.GetGenericParameterConstraint(constraint).Type);
                }
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Entity(reader.GetCustomAttribute(attribute).Constructor);
            }
        }

        private void Add(ImmutableArray<TypeDefinitionHandle> types)
        {
            foreach (var type in types)
            {
                var used = TopLevelName(type);
                if (used != _user)
                {
                    Uses.Add((_user, used));
                }
            }
        }

        private string TopLevelName(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            while (type.GetDeclaringType() is { IsNil: false } outer)
            {
                type = reader.GetTypeDefinition(outer);
            }

            var name = reader.GetString(type.Name);
            return type.Namespace.IsNil ? name : $"{reader.GetString(type.Namespace)}.{name}";
        }

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader metadata, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, context);

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => [];

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => [];

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
            [.. modifier, .. unmodifiedType];

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
    }
}
