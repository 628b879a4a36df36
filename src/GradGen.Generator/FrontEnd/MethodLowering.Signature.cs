using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>The front end's checks of the method's signature: parameters, names, containing types, hint name.</summary>
    internal sealed partial class MethodLowering
    {
        private bool CheckSignature(out EquatableArray<ParameterModel> parameters)
        {
            int errorsBefore = ErrorCount;

            for (SyntaxNode? node = _syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.ContainingTypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, _method.Name);
                }
            }

            CheckGenerics();

            TypeRef? returnType = SymbolFacts.Classify(_method.ReturnType);
            if (_genericRejected && (ElementTypeParameter(_method.ReturnType) is not null || _method.ReturnType is INamedTypeSymbol { IsTupleType: true }))
            {
                // Reported as the generic method's problem (GG0013, GG0028): one error, not two.
            }
            else if (_method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
            {
                CheckVectorReturnType(tuple);
            }
            else if (returnType is not { IsReal: true } || _method.ReturnsByRef || _method.ReturnsByRefReadonly)
            {
                Report(DiagnosticDescriptors.UnsupportedReturnType, _syntax.ReturnType.GetLocation(), _method.Name, _syntax.ReturnType.ToString());
            }
            else
            {
                _returnType = returnType.Value;
            }

            if (_syntax.Body is null && _syntax.ExpressionBody is null)
            {
                string why = _method.IsAbstract ? "it is abstract" : _method.IsExtern ? "it is extern" : _method.IsPartialDefinition ? "it is a partial declaration without an implementation" : "it is declared without one";
                Report(DiagnosticDescriptors.MethodWithoutBody, _syntax.Identifier.GetLocation(), _method.Name, why);
            }

            foreach (SyntaxToken modifier in _syntax.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.AsyncKeyword))
                {
                    Report(DiagnosticDescriptors.AsyncOrIterator, modifier.GetLocation(), _method.Name, "async");
                }
            }

            _thisType = new TypeRef(ScalarKind.Other, Shape.Scalar, SymbolFacts.NameOf(_method.ContainingType));
            CheckWithRespectToThis();

            var list = new List<ParameterModel>();
            foreach (IParameterSymbol p in _method.Parameters)
            {
                ParameterSyntax? pSyntax = p.Ordinal < _syntax.ParameterList.Parameters.Count ? _syntax.ParameterList.Parameters[p.Ordinal] : null;
                // A type generated code cannot name is reported; the parameter's uses still lower, as an opaque value.
                TypeRef type = SymbolFacts.Classify(p.Type) ?? new TypeRef(ScalarKind.Other, Shape.Scalar, NameOf(p.Type, (SyntaxNode?)pSyntax ?? _syntax));
                bool differentiableType = SymbolFacts.IsDifferentiableType(SymbolFacts.Classify(p.Type));
                bool noDerivative = SymbolFacts.HasNoDerivative(p);
                if (IsRealMultidimensional(p.Type) && !noDerivative)
                {
                    // Nothing is held constant without a word: arrays of three or more dimensions are not differentiated.
                    Report(DiagnosticDescriptors.UnsupportedExpression, pSyntax?.GetLocation() ?? _syntax.Identifier.GetLocation(), p.Name,
                        "GradGen does not differentiate '" + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
                        + "'; hold weights in a double[], double[][] or double[,], or mark it [NoDerivative] if it is data");
                }

                if (noDerivative && !differentiableType && !IsRealMultidimensional(p.Type) && !HoldsRealMembers(p.Type) && !IsNumberTypeParameterData(p.Type))
                {
                    Location location = NoDerivativeAttributeLocation(pSyntax) ?? pSyntax?.GetLocation() ?? _syntax.Identifier.GetLocation();
                    Report(DiagnosticDescriptors.RedundantNoDerivative, location, p.Name, p.Type.ToDisplayString());
                }

                if (differentiableType && !noDerivative && p.RefKind is RefKind.Ref or RefKind.Out)
                {
                    Report(DiagnosticDescriptors.ByReferenceParameter, pSyntax?.GetLocation() ?? _syntax.Identifier.GetLocation(), p.Name, p.RefKind == RefKind.Ref ? "ref" : "out");
                }

                var variable = new Variable(_nextId++, p.Name, type, VariableKind.Parameter);
                _variables[p] = variable;
                ModelParameter? model = null;
                if (!differentiableType && ModelTypes.IsModelParameter(p))
                {
                    // A struct, record or class holding double or float data: differentiated member by member. A helper's
                    // parameter of a type GradGen cannot build stays data, as the helper's callers pass it.
                    ModelShape? shape = ModelTypes.Analyze(p.Type, _method.ContainingType, _semanticModel.Compilation, out string why);
                    if (shape is null && !IsImplicitCallee)
                    {
                        _unbuildableModelParameters.Add(p); // its member reads are not warned about as well (GG1008)
                        Report(DiagnosticDescriptors.ModelTypeNotBuildable, pSyntax?.GetLocation() ?? _syntax.Identifier.GetLocation(), p.Name,
                            p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), why);
                    }
                    else if (shape is not null)
                    {
                        model = ModelParameterOf(p, p.Name, shape);
                    }
                }

                list.Add(new ParameterModel(variable, SymbolFacts.ToModel(p.RefKind), SymbolFacts.IsDifferentiableParameter(p) || model is not null, p.IsParams, DefaultValueOf(p), model));
            }

            parameters = list.ToEquatableArray();
            CheckTupleElementNames(parameters);
            CheckNameCollisions(parameters);
            return ErrorCount == errorsBefore;
        }

        /// <summary>Model-type parameters reported with GG0020: one error, not a warning at every member read besides.</summary>
        private readonly HashSet<IParameterSymbol> _unbuildableModelParameters = new(SymbolEqualityComparer.Default);

        /// <summary>For a method marked <c>WithRespectToThis = true</c>: the instance's leaves and how its type is built.</summary>
        private ModelParameter? _thisModel;

        private void CheckWithRespectToThis()
        {
            if (IsImplicitCallee) return;
            AttributeData? attribute = SymbolFacts.WithRespectToThis(_method) ?? (_method.PartialDefinitionPart is { } definition ? SymbolFacts.WithRespectToThis(definition) : null);
            if (attribute is null) return;
            Location location = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? _syntax.Identifier.GetLocation();
            INamedTypeSymbol type = _method.ContainingType;
            string display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            if (_method.IsStatic)
            {
                Report(DiagnosticDescriptors.WithRespectToThisWithoutInstance, location, _method.Name, "it is static: there is no instance to differentiate with respect to");
                return;
            }

            if (!ModelTypes.IsCandidate(type))
            {
                Report(DiagnosticDescriptors.WithRespectToThisWithoutInstance, location, _method.Name, "its type '" + display + "' holds no double or float data in fields or auto-properties");
                return;
            }

            ModelShape? shape = ModelTypes.Analyze(type, type, _semanticModel.Compilation, out string why);
            if (shape is null)
            {
                Report(DiagnosticDescriptors.ModelTypeNotBuildable, location, "this", display, why);
                return;
            }

            _thisModel = ModelParameterOf(type, "this", shape);
        }

        /// <summary>The leaves of each model-type parameter (or of <c>this</c>, keyed by the containing type), by member path
        /// (<c>Inner.X</c>): a read of that path is a read of the leaf's variable.</summary>
        private readonly Dictionary<ISymbol, Dictionary<string, Variable>> _modelLeaves = new(SymbolEqualityComparer.Default);

        /// <summary>Gives each leaf of <paramref name="shape"/> a variable named after its path (<c>m_Inner_X</c>), unique among the
        /// method's parameters and the other leaves.</summary>
        private ModelParameter ModelParameterOf(ISymbol root, string name, ModelShape shape)
        {
            var taken = new HashSet<string>(_method.Parameters.Select(q => q.Name), StringComparer.Ordinal);
            foreach (Dictionary<string, Variable> other in _modelLeaves.Values)
            {
                foreach (Variable v in other.Values) taken.Add(v.Name);
            }

            var leaves = new List<ModelLeaf>();
            var byPath = new Dictionary<string, Variable>(StringComparer.Ordinal);
            foreach ((EquatableArray<string> path, TypeRef type) in ModelTypes.Leaves(shape))
            {
                string slotName = name + "_" + string.Join("_", path);
                for (int n = 1; taken.Contains(slotName); n++) slotName = name + "_" + string.Join("_", path) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                taken.Add(slotName);
                var slot = new Variable(_nextId++, slotName, type, VariableKind.Parameter);
                var leaf = new ModelLeaf(path, slot);
                leaves.Add(leaf);
                byPath[leaf.Access] = slot;
            }

            _modelLeaves[root] = byPath;
            return new ModelParameter(shape, leaves.ToEquatableArray());
        }

        /// <summary>The variables the derivatives are taken with respect to: each differentiable parameter's, or a model-type
        /// parameter's leaves.</summary>
        internal static IEnumerable<Variable> Independents(IEnumerable<ParameterModel> parameters) =>
            parameters.Where(p => p.IsDifferentiable).SelectMany(p => p.Model is { } m ? m.Leaves.Select(l => l.Slot) : new[] { p.Variable });

        /// <summary>
        /// The default value of an optional parameter, or null for none. The compiler holds <c>= default</c> and
        /// <c>= new S()</c> of a struct as null, which only a reference or a nullable value type can take: for any
        /// other type (a struct, a type parameter that may be one) it is <c>default</c>.
        /// </summary>
        private static ConstantValue? DefaultValueOf(IParameterSymbol p)
        {
            if (!p.HasExplicitDefaultValue) return null;
            if (p.ExplicitDefaultValue is null)
            {
                bool takesNull = p.Type.IsReferenceType || p.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
                return takesNull ? ConstantValue.Null : ConstantValue.Default;
            }

            return SymbolFacts.ConstantOf(p.ExplicitDefaultValue, p.Type) ?? ConstantValue.Default;
        }

        /// <summary>A <c>double[,,]</c> or <c>float[,,]</c> (or higher rank): arrays GradGen does not differentiate.</summary>
        private static bool IsRealMultidimensional(ITypeSymbol type) =>
            type is IArrayTypeSymbol { Rank: > 2, ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single };

        /// <summary>GG1005's reason: what the parameters are, and what GradGen differentiates.</summary>
        private string WhyNoDifferentiableParameters()
        {
            if (_method.Parameters.Length == 0) return "it takes no parameters";
            var parts = new List<string>();
            foreach (IParameterSymbol p in _method.Parameters)
            {
                string type = p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                parts.Add("'" + p.Name + "' is " + (SymbolFacts.HasNoDerivative(p) ? "[NoDerivative]" : "'" + type + "'"));
            }

            return string.Join(", ", parts) + "; GradGen differentiates double, float, their arrays (one-dimensional, jagged, two-dimensional) and spans, not marked [NoDerivative]";
        }

        private int ErrorCount => _diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

        private static Location? NoDerivativeAttributeLocation(ParameterSyntax? parameter)
        {
            if (parameter is null) return null;
            foreach (AttributeListSyntax list in parameter.AttributeLists)
            {
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    string name = attribute.Name.ToString();
                    if (name.EndsWith("NoDerivative", StringComparison.Ordinal) || name.EndsWith("NoDerivativeAttribute", StringComparison.Ordinal))
                    {
                        return attribute.GetLocation();
                    }
                }
            }

            return null;
        }

        /// <summary>With several differentiable parameters the gradient is a tuple named by them; C# reserves
        /// some element names (ItemN elsewhere than position N, Rest, and the members of object).</summary>
        private void CheckTupleElementNames(EquatableArray<ParameterModel> parameters)
        {
            var differentiable = parameters.Where(p => p.IsDifferentiable).ToList();
            if (differentiable.Count < 2) return;
            for (int position = 0; position < differentiable.Count; position++)
            {
                string name = differentiable[position].Name;
                bool reserved = name is "Rest" or "ToString" or "GetHashCode" or "Equals" or "GetType" or "CompareTo" or "Deconstruct" or "MemberwiseClone" or "Finalize"
                    || (name.StartsWith("Item", StringComparison.Ordinal) && int.TryParse(name.Substring(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n != position + 1);
                if (!reserved) continue;
                int ordinal = parameters.AsSpan().IndexOf(differentiable[position]);
                Location location = ordinal < _syntax.ParameterList.Parameters.Count ? _syntax.ParameterList.Parameters[ordinal].Identifier.GetLocation() : _syntax.Identifier.GetLocation();
                Report(DiagnosticDescriptors.UnsupportedExpression, location, name,
                    "the gradient is a tuple named by the differentiable parameters, and C# reserves this name for a tuple element; rename the parameter");
            }
        }

        /// <summary>A parameter of a generated member as overloading sees it: its type, and whether it is passed by
        /// reference (C# cannot overload on ref against out or in, but can on by-reference against by-value). The type
        /// is the user's (the compiler's display of it), or for an adjoint the IR type the generated member gives it.</summary>
        private readonly record struct OverloadSlot(string? UserType, TypeRef Adjoint, bool ByReference)
        {
            public bool Matches(IParameterSymbol p) => (p.RefKind != RefKind.None) == ByReference
                && (UserType is not null ? p.Type.ToDisplayString(SymbolFacts.QualifiedFormat) == UserType : SymbolFacts.Classify(p.Type) == Adjoint);
        }

        private void CheckNameCollisions(EquatableArray<ParameterModel> parameters)
        {
            bool[] differentiable = parameters.Select(p => p.IsDifferentiable).ToArray();
            foreach (GeneratedMemberKind kind in GeneratedMembers.All)
            {
                // A helper gets its pullback only; only Forward = true (or a vector result) adds a pushforward.
                if (!GeneratedMembers.IsGenerated(kind, IsImplicitCallee, IsForward, _vector is not null, IsMarkedHessian)) continue;
                OverloadSlot[] slots = GeneratedMembers.Parameters(kind, differentiable, _vector?.Count ?? 0).Select(slot => slot.Kind switch
                {
                    SlotKind.Parameter => new OverloadSlot(_method.Parameters[slot.Index].Type.ToDisplayString(SymbolFacts.QualifiedFormat), default, _method.Parameters[slot.Index].RefKind != RefKind.None),
                    SlotKind.Seed when _vector is not null => new OverloadSlot(null, _returnType, false),
                    SlotKind.Seed => new OverloadSlot(_method.ReturnType.ToDisplayString(SymbolFacts.QualifiedFormat), default, false),
                    SlotKind.Tangent => new OverloadSlot(null, GeneratedMembers.TangentType(parameters[slot.Index].Type), false),
                    _ => new OverloadSlot(null, GeneratedMembers.AdjointType(parameters[slot.Index].Type), GeneratedMembers.AdjointIsByRef(parameters[slot.Index].Type)),
                }).ToArray();
                CheckCollision(GeneratedMembers.NameOf(_method.Name, kind), slots);
            }
        }

        private void CheckCollision(string name, OverloadSlot[] slots)
        {
            foreach (ISymbol member in _method.ContainingType.GetMembers(name))
            {
                if (IsGeneratedByGradGen(member)) continue;
                bool collides = member is not IMethodSymbol m
                    || (m.Parameters.Length == slots.Length && m.Parameters.Select((p, i) => slots[i].Matches(p)).All(match => match));
                if (!collides) continue;

                // On the [Differentiable] method's own name: the collision is caused by generating for it.
                Report(DiagnosticDescriptors.MemberNameCollision, _syntax.Identifier.GetLocation(), _method.ContainingType.Name, name, _method.Name);
            }
        }

        private static bool IsGeneratedByGradGen(ISymbol member)
        {
            foreach (AttributeData attribute in member.GetAttributes())
            {
                if (attribute.AttributeClass is { } cls
                    && SymbolFacts.IsNamed(cls, "System.CodeDom.Compiler.GeneratedCodeAttribute")
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is "GradGen")
                {
                    return true;
                }
            }

            return false;
        }

        private EquatableArray<ContainingTypeModel> ContainingTypes()
        {
            var types = new List<ContainingTypeModel>();
            for (INamedTypeSymbol? type = _method.ContainingType; type is not null; type = type.ContainingType)
            {
                string keyword = type.TypeKind switch
                {
                    TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
                    TypeKind.Interface => "interface",
                    _ => type.IsRecord ? "record" : "class",
                };
                types.Insert(0, new ContainingTypeModel(keyword, type.Name, type.TypeParameters.Select(t => t.Name).ToEquatableArray()));
            }

            return types.ToEquatableArray();
        }

        private static string AccessibilityText(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };

        private string DisplaySignature() =>
            _method.Name + "(" + string.Join(", ", _method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";

        /// <summary>
        /// A readable file name (namespace, types, method) made unique by a hash of the method's exact
        /// identity: Roslyn compares hint names ignoring case and the name is cleaned of characters file
        /// systems dislike, so <c>Losses.F</c> and <c>losses.F</c>, or a namespace <c>A.B</c> and a nested
        /// type <c>A+B</c>, would otherwise collide and take every generated gradient down with them.
        /// </summary>
        private string HintName()
        {
            var name = new System.Text.StringBuilder();
            if (_method.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                name.Append(ns.ToDisplayString()).Append('.');
            }

            var chain = new List<string>();
            for (INamedTypeSymbol? t = _method.ContainingType; t is not null; t = t.ContainingType)
            {
                chain.Insert(0, t.TypeParameters.Length == 0 ? t.Name : t.Name + "`" + t.TypeParameters.Length);
            }

            name.Append(string.Join(".", chain)).Append('.').Append(_method.Name);
            string identity = (_method.ContainingNamespace?.ToDisplayString() ?? string.Empty) + "|" + string.Join("+", chain) + "|" + _method.Name
                + "(" + string.Join(",", _method.Parameters.Select(p => p.RefKind + " " + p.Type.ToDisplayString(SymbolFacts.QualifiedFormat))) + ")";
            name.Append('.').Append(Hashing.Fnv1a(identity).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            var clean = new System.Text.StringBuilder(name.Length);
            foreach (char c in name.ToString())
            {
                clean.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or '`' or '-' ? c : '_');
            }

            return clean.Append(".g.cs").ToString();
        }

        /// <summary>
        /// Code the compiler rejects gets no generated members: a duplicate declaration (two methods of
        /// one signature, or the attribute on both parts of a partial method), or a return without a value.
        /// The compiler's own error says what is wrong; generating would only add confusing errors.
        /// </summary>
        private bool IsRejectedByCompiler()
        {
            if (_method.PartialDefinitionPart is { } definition && SymbolFacts.IsDifferentiable(definition)
                && definition.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken) is MethodDeclarationSyntax d && d.AttributeLists.Count > 0)
                && _syntax.AttributeLists.Count > 0)
            {
                return true; // [Differentiable] on both parts: CS0579
            }

            string Signature(IMethodSymbol m) => string.Join(",", m.Parameters.Select(p => (p.RefKind == RefKind.None ? string.Empty : "&") + p.Type.ToDisplayString(SymbolFacts.QualifiedFormat)));
            string own = Signature(_method);
            return _method.ContainingType.GetMembers(_method.Name).OfType<IMethodSymbol>()
                .Any(m => !SymbolEqualityComparer.Default.Equals(m, _method) && !SymbolEqualityComparer.Default.Equals(m, _method.PartialDefinitionPart)
                    && !SymbolEqualityComparer.Default.Equals(m, _method.PartialImplementationPart) && m.Arity == _method.Arity && Signature(m) == own);
        }

        /// <summary>Whether <paramref name="type"/> (a struct, record or class) holds double or float data in a field or property,
        /// directly or in arrays: reading those members warns (GG1008) unless the parameter is [NoDerivative], so the mark says
        /// something there.</summary>
        private static bool HoldsRealMembers(ITypeSymbol type) =>
            type.TypeKind is TypeKind.Struct or TypeKind.Class && type.SpecialType == SpecialType.None
            && type.GetMembers().Any(m => m is IFieldSymbol { IsStatic: false, IsConst: false } or IPropertySymbol { IsStatic: false, IsIndexer: false }
                && SymbolFacts.Classify(m is IFieldSymbol f ? f.Type : ((IPropertySymbol)m).Type) is { } t && (t.IsReal || t.IsRealSequence || t.IsRealGrid));
    }
}
