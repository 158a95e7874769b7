using System.Text;
using Microsoft.CodeAnalysis;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The library's public surface as C# declarations, one per line, in a fixed order: every public type and its public
/// and protected members, as the compiler sees them. What <c>api/DeployCode.Orchestrator.cs</c> holds.
/// </summary>
internal static class PublicApi
{
    private static readonly SymbolDisplayFormat s_format = Format(SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    // A type's own name in its declaration: the namespace around it says the rest.
    private static readonly SymbolDisplayFormat s_declared = Format(SymbolDisplayTypeQualificationStyle.NameAndContainingTypes);

    private static SymbolDisplayFormat Format(SymbolDisplayTypeQualificationStyle qualification) => new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: qualification,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeTypeConstraints | SymbolDisplayGenericsOptions.IncludeVariance,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeModifiers |
            SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeConstantValue | SymbolDisplayMemberOptions.IncludeRef,
        kindOptions: SymbolDisplayKindOptions.IncludeMemberKeyword,
        parameterOptions: SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
            SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeExtensionThis,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier |
            SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>The file's text for <paramref name="compilation"/>.</summary>
    public static string Of(Compilation compilation)
    {
        var text = new StringBuilder()
            .Append("// The public API of DeployCode.Orchestrator, checked by LibraryApiTests: a change to it changes this file.\n")
            .Append("// Regenerate it with DEPLOYCODE_UPDATE_API=1 ./deploy-code test, and review the difference as a change of the API.\n");
        foreach (var space in PublicTypes(compilation.Assembly.GlobalNamespace).GroupBy(type => type.ContainingNamespace.ToDisplayString()).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append("namespace ").Append(space.Key).Append('\n').Append("{\n");
            foreach (var type in space.OrderBy(type => type.ToDisplayString(), StringComparer.Ordinal))
            {
                text.Append("    ").Append(Declaration(type)).Append('\n').Append("    {\n");
                foreach (var member in Members(type))
                {
                    text.Append("        ").Append(member).Append('\n');
                }

                text.Append("    }\n");
            }

            text.Append("}\n");
        }

        return text.ToString();
    }

    private static IEnumerable<INamedTypeSymbol> PublicTypes(INamespaceSymbol space) =>
        space.GetTypeMembers().SelectMany(Nested).Where(IsVisible)
            .Concat(space.GetNamespaceMembers().SelectMany(PublicTypes));

    private static IEnumerable<INamedTypeSymbol> Nested(INamedTypeSymbol type) => type.GetTypeMembers().SelectMany(Nested).Prepend(type);

    private static bool IsVisible(ISymbol symbol) =>
        symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal &&
        (symbol.ContainingType is null || IsVisible(symbol.ContainingType));

    private static string Declaration(INamedTypeSymbol type)
    {
        var modifiers = type.TypeKind switch
        {
            TypeKind.Class when type.IsStatic => "static ",
            TypeKind.Class when type.IsSealed => "sealed ",
            TypeKind.Class when type.IsAbstract => "abstract ",
            _ => "",
        };
        var kind = type.IsRecord ? (type.TypeKind == TypeKind.Struct ? "record struct" : "record") : type.TypeKind.ToString().ToLowerInvariant();
        var bases = new[] { type.BaseType }
            .Where(baseType => baseType is not null && baseType.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum))
            .Concat(type.Interfaces.Where(face => !(type.IsRecord && face.Name == "IEquatable")))
            .Select(baseType => baseType!.ToDisplayString(s_format))
            .ToArray();
        return $"public {modifiers}{kind} {type.ToDisplayString(s_declared)}{(bases.Length > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static IEnumerable<string> Members(INamedTypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return type.GetMembers().OfType<IFieldSymbol>().Select(field => $"{field.Name} = {field.ConstantValue},");
        }

        return type.GetMembers()
            .Where(member => IsVisible(member) && member.CanBeReferencedByName || member is IMethodSymbol { MethodKind: MethodKind.Constructor } && IsVisible(member))
            .Where(member => !member.IsImplicitlyDeclared || member is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: > 0 })
            .Where(member => member is not INamedTypeSymbol)
            .Where(member => member is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove })
            .OrderBy(member => member.Name, StringComparer.Ordinal).ThenBy(member => member.ToDisplayString(s_format), StringComparer.Ordinal)
            .Select(member => member is IPropertySymbol ? member.ToDisplayString(s_format) : member.ToDisplayString(s_format) + ";");
    }
}
