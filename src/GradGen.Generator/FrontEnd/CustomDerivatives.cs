using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>The custom derivatives of one method: the user's pullback and pushforward of it (either may be missing).</summary>
    internal sealed record CustomDerivative(IMethodSymbol Target, IMethodSymbol? Pullback, IMethodSymbol? Pushforward);

    /// <summary>
    /// <c>[CustomPullback(typeof(T), nameof(T.M))]</c> and <c>[CustomPushforward(...)]</c> (CONTRACT "Custom derivatives"): the
    /// user's derivatives of a method, which every call to that method inside a [Differentiable] method uses instead of
    /// differentiating the callee. The target is found by symbol and signature: among the methods named M of T, the one
    /// whose generated pullback (or pushforward) would have the marked method's signature. The front end asks
    /// <see cref="Of"/> for each call; the analyzer asks <see cref="Resolve"/> for each marked method and reports GG0025 at
    /// the attribute when the target is missing or no overload matches.
    /// </summary>
    internal sealed class CustomDerivatives
    {
        public const string PullbackAttributeName = "GradGen.CustomPullbackAttribute";
        public const string PushforwardAttributeName = "GradGen.CustomPushforwardAttribute";

        private readonly Dictionary<IMethodSymbol, CustomDerivative> _byTarget;

        private CustomDerivatives(Dictionary<IMethodSymbol, CustomDerivative> byTarget) => _byTarget = byTarget;

        /// <summary>The custom derivatives declared for <paramref name="target"/> (by its original definition), or null.</summary>
        public CustomDerivative? Of(IMethodSymbol target) => _byTarget.Count == 0 ? null : _byTarget.TryGetValue(target.OriginalDefinition, out CustomDerivative? found) ? found : null;

        /// <summary>Every method of <paramref name="compilation"/>'s source marked with a custom-derivative attribute, by target.
        /// A syntactic filter (an attribute whose name is CustomPullback or CustomPushforward, with or without the suffix or a
        /// qualifier) keeps this to the few methods that can carry one. Where two methods claim the same target and kind, the
        /// first in source order counts (the analyzer reports the second).</summary>
        public static CustomDerivatives Find(Compilation compilation, System.Func<SyntaxTree, SemanticModel> modelFor, CancellationToken cancellationToken)
        {
            var byTarget = new Dictionary<IMethodSymbol, CustomDerivative>(SymbolEqualityComparer.Default);
            if (compilation.GetTypeByMetadataName(PullbackAttributeName) is null) return new CustomDerivatives(byTarget);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SyntaxNode root = tree.GetRoot(cancellationToken);
                foreach (SyntaxNode node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    if (node is not MethodDeclarationSyntax method || !method.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsCandidateName(a.Name))) continue;
                    if (modelFor(tree).GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol) continue;
                    foreach (AttributeData data in symbol.GetAttributes())
                    {
                        bool? isPullback = KindOf(data);
                        if (isPullback is null || Resolve(data, symbol, isPullback.Value, out _) is not { } target) continue;
                        IMethodSymbol key = target.OriginalDefinition;
                        byTarget.TryGetValue(key, out CustomDerivative? known);
                        known ??= new CustomDerivative(key, null, null);
                        if (isPullback.Value && known.Pullback is null) byTarget[key] = known with { Pullback = symbol };
                        else if (!isPullback.Value && known.Pushforward is null) byTarget[key] = known with { Pushforward = symbol };
                    }
                }
            }

            return new CustomDerivatives(byTarget);
        }

        private static bool IsCandidateName(NameSyntax name)
        {
            string text = name switch
            {
                QualifiedNameSyntax q => q.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
                SimpleNameSyntax s => s.Identifier.ValueText,
                _ => string.Empty,
            };
            return text is "CustomPullback" or "CustomPullbackAttribute" or "CustomPushforward" or "CustomPushforwardAttribute";
        }

        /// <summary>True for [CustomPullback], false for [CustomPushforward], null for another attribute.</summary>
        public static bool? KindOf(AttributeData data) =>
            data.AttributeClass is not { } cls ? null
            : SymbolFacts.IsNamed(cls, PullbackAttributeName) ? true
            : SymbolFacts.IsNamed(cls, PushforwardAttributeName) ? false
            : null;

        /// <summary>
        /// The method <paramref name="data"/> (on <paramref name="custom"/>) names whose pullback (<paramref name="isPullback"/>)
        /// or pushforward <paramref name="custom"/> is, or null with <paramref name="why"/>: the target missing, not a static
        /// non-generic method returning double or float, or no overload whose derivative has <paramref name="custom"/>'s
        /// signature (the expected signatures in the message).
        /// </summary>
        public static IMethodSymbol? Resolve(AttributeData data, IMethodSymbol custom, bool isPullback, out string why)
        {
            string kind = isPullback ? "pullback" : "pushforward";
            if (data.ConstructorArguments.Length != 2
                || data.ConstructorArguments[0].Value is not INamedTypeSymbol type
                || data.ConstructorArguments[1].Value is not string name || name.Length == 0)
            {
                why = "name the method it differentiates: [Custom" + (isPullback ? "Pullback" : "Pushforward") + "(typeof(Type), nameof(Type.Method))]";
                return null;
            }

            if (!custom.IsStatic || custom.IsGenericMethod || custom.MethodKind != MethodKind.Ordinary)
            {
                why = "a custom " + kind + " is a static, non-generic method; make '" + custom.Name + "' static";
                return null;
            }

            IMethodSymbol[] candidates = type.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToArray();
            if (candidates.Length == 0)
            {
                why = "'" + type.ToDisplayString() + "' has no method named '" + name + "'";
                return null;
            }

            var expected = new List<string>();
            string? notSupported = null;
            foreach (IMethodSymbol candidate in candidates)
            {
                if (WhyNotTarget(candidate) is { } reason)
                {
                    notSupported ??= reason;
                    continue;
                }

                if (Matches(candidate, custom, isPullback))
                {
                    why = string.Empty;
                    return candidate;
                }

                expected.Add(ExpectedSignature(candidate, isPullback, custom.Name));
            }

            why = expected.Count == 0
                ? notSupported!
                : "its signature is not the " + kind + " of '" + type.Name + "." + name + "'; expected " + string.Join(", or ", expected.Select(e => "'" + e + "'"));
            return null;
        }

        /// <summary>Why <paramref name="target"/> cannot have a custom derivative, or null.</summary>
        private static string? WhyNotTarget(IMethodSymbol target)
        {
            if (!target.IsStatic) return "'" + target.Name + "' is an instance method; custom derivatives are for static methods (call a static one from it)";
            if (target.IsGenericMethod) return "'" + target.Name + "' is generic; custom derivatives are for non-generic methods";
            if (SymbolFacts.Classify(target.ReturnType) is not { IsReal: true }) return "'" + target.Name + "' does not return double or float";
            if (target.ReturnsByRef || target.ReturnsByRefReadonly) return "'" + target.Name + "' returns by reference";
            return null;
        }

        /// <summary>Whether <paramref name="custom"/> has the signature of <paramref name="target"/>'s generated pullback
        /// (its parameters, then the seed, then one adjoint per differentiable parameter; returning its value) or pushforward
        /// (its parameters, then one tangent per differentiable parameter; returning (Value, Tangent)).</summary>
        private static bool Matches(IMethodSymbol target, IMethodSymbol custom, bool isPullback)
        {
            IParameterSymbol[] differentiable = target.Parameters.Where(IsDifferentiable).ToArray();
            int count = target.Parameters.Length + (isPullback ? 1 : 0) + differentiable.Length;
            if (custom.Parameters.Length != count) return false;
            for (int i = 0; i < target.Parameters.Length; i++)
            {
                IParameterSymbol t = target.Parameters[i], c = custom.Parameters[i];
                if (!SymbolEqualityComparer.Default.Equals(t.Type, c.Type) || t.RefKind != c.RefKind) return false;
            }

            int next = target.Parameters.Length;
            if (isPullback)
            {
                IParameterSymbol seed = custom.Parameters[next++];
                if (!SymbolEqualityComparer.Default.Equals(seed.Type, target.ReturnType) || seed.RefKind != RefKind.None) return false;
            }

            foreach (IParameterSymbol p in differentiable)
            {
                IParameterSymbol c = custom.Parameters[next++];
                TypeRef parameter = SymbolFacts.Classify(p.Type)!.Value;
                TypeRef wanted = isPullback ? GeneratedMembers.AdjointType(parameter) : GeneratedMembers.TangentType(parameter);
                RefKind refKind = isPullback && GeneratedMembers.AdjointIsByRef(parameter) ? RefKind.Ref : RefKind.None;
                if (SymbolFacts.Classify(c.Type) != wanted || c.RefKind != refKind) return false;
            }

            if (isPullback) return SymbolEqualityComparer.Default.Equals(custom.ReturnType, target.ReturnType);
            return custom.ReturnType is INamedTypeSymbol { IsTupleType: true, TupleElements.Length: 2 } pair
                && pair.TupleElements[0].Name == "Value" && pair.TupleElements[1].Name == "Tangent"
                && SymbolEqualityComparer.Default.Equals(pair.TupleElements[0].Type, target.ReturnType)
                && SymbolEqualityComparer.Default.Equals(pair.TupleElements[1].Type, target.ReturnType);
        }

        private static bool IsDifferentiable(IParameterSymbol p) => SymbolFacts.IsDifferentiableParameter(p);

        /// <summary>The signature a custom pullback or pushforward of <paramref name="target"/> has, as C#, named
        /// <paramref name="name"/> (what the code fix writes and GG0025 quotes).</summary>
        public static string ExpectedSignature(IMethodSymbol target, bool isPullback, string name)
        {
            string result = target.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var parts = new List<string>();
            foreach (IParameterSymbol p in target.Parameters)
            {
                string refKind = p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", _ => string.Empty };
                parts.Add(refKind + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + p.Name);
            }

            if (isPullback) parts.Add(result + " seed");
            foreach (IParameterSymbol p in target.Parameters.Where(IsDifferentiable))
            {
                TypeRef parameter = SymbolFacts.Classify(p.Type)!.Value;
                string element = parameter.Scalar == ScalarKind.Float ? "float" : "double";
                string text = parameter.IsScalar ? element
                    : parameter.IsGrid ? p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
                    : (isPullback ? "Span<" : "ReadOnlySpan<") + element + ">";
                parts.Add((isPullback && parameter.IsScalar ? "ref " : string.Empty) + text + " " + p.Name + (isPullback ? "Adjoint" : "Tangent"));
            }

            string returns = isPullback ? result : "(" + result + " Value, " + result + " Tangent)";
            return "static " + returns + " " + name + "(" + string.Join(", ", parts) + ")";
        }
    }
}
