using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model
{
    internal enum ParameterRefKind : byte
    {
        None,
        In,
        Ref,
        Out,
        RefReadOnly,
    }

    /// <summary>A parameter of the differentiated method, and its default value if it has one. <see cref="Model"/>: for a
    /// differentiable parameter of a model type, its leaves and how its type is built (the derivative cores see the leaves).</summary>
    internal sealed record ParameterModel(Variable Variable, ParameterRefKind RefKind, bool IsDifferentiable, bool IsParams, ConstantValue? DefaultValue, ModelParameter? Model = null)
    {
        public string Name => Variable.Name;

        public TypeRef Type => Variable.Type;
    }

    /// <summary>
    /// The result of a vector-valued method (a value tuple of <c>double</c> or of <c>float</c> elements, <see cref="MethodModel.ReturnType"/>
    /// then being the element type). <see cref="Names"/>: the elements' names (<c>ItemN</c> for one without a name), which name the
    /// pullback's seeds (<c>seed</c> + name). The lowered body writes element i into <see cref="Outputs"/>[i] before each of its
    /// returns, and returns the scalar <c>Σ Seeds[i] * Outputs[i]</c>: reverse mode differentiates that sum with seed 1 (so the
    /// pullback adds <c>Jᵀ·seed</c>) and returns the outputs, forward mode carries a tangent beside each output.
    /// </summary>
    internal sealed record VectorResult(EquatableArray<string> Names, EquatableArray<Variable> Seeds, EquatableArray<Variable> Outputs)
    {
        public int Count => Names.Count;

        public static string SeedName(string element) => "seed" + element;
    }

    /// <summary>A generic method: the name of its floating-point type parameter, which spells <see cref="ScalarKind.Generic"/> (empty
    /// when it has none: its type parameters then only type data), and its type parameters with their constraints, which every
    /// generated member repeats.</summary>
    internal sealed record GenericMethod(string TypeParameter, EquatableArray<TypeParameterModel> TypeParameters);

    /// <summary>The primary constraint of a type parameter (<c>class</c>, <c>struct</c>, <c>unmanaged</c>, <c>notnull</c>), if any.</summary>
    internal enum PrimaryConstraint : byte
    {
        None,
        Class,
        Struct,
        Unmanaged,
        NotNull,
    }

    /// <summary>A method's type parameter: its identifier, its primary constraint, its constraint types (interfaces, a base
    /// class, other type parameters) and whether it has <c>new()</c>.</summary>
    internal sealed record TypeParameterModel(string Name, PrimaryConstraint Primary, EquatableArray<TypeName> Constraints, bool HasConstructorConstraint);

    /// <summary>A type that contains the method: its keyword (<c>class</c>, <c>record struct</c>, ...), its
    /// name and the names of its type parameters (none for a type that is not generic).</summary>
    internal sealed record ContainingTypeModel(string Keyword, string Name, EquatableArray<string> TypeParameters);

    /// <summary>
    /// Everything GradGen needs to know about one <c>[Differentiable]</c> method: where the generated
    /// members go, the signature, and the body lowered to the IR. Holds no syntax, symbols or
    /// locations, so the incremental pipeline can cache it. <see cref="HasNullableAnnotations"/>: the
    /// project's C# version has nullable reference types (8 and later), so generated files may say
    /// <c>#nullable enable</c>. <see cref="IsImplicit"/>: the method is not marked [Differentiable] but a
    /// [Differentiable] method of this compilation calls it with differentiable arguments, so only its pullback is
    /// generated (internal to the generated code). <see cref="ImplicitCallees"/>: the models of every such method this
    /// one reaches through calls, flattened (each with no callees of its own listed), so that their pullbacks are
    /// generated once and regenerated when one of them changes. <see cref="Forward"/>: the method is marked
    /// <c>[Differentiable(Forward = true)]</c>, so its pushforward is generated with its other members.
    /// <see cref="ForwardCallees"/>: for such a method, the models of the methods of this compilation that its pushforward
    /// reaches through calls with varying arguments and that do not generate a pushforward of their own (helpers, and
    /// <c>[Differentiable]</c> methods without <c>Forward = true</c>), flattened like <see cref="ImplicitCallees"/>: they get
    /// a pushforward too, hidden, once each. <see cref="This"/>: for a method marked <c>WithRespectToThis = true</c>, the
    /// leaves of the instance and how its type is built. <see cref="Hessian"/>: the method is marked
    /// <c>[Differentiable(Hessian = true)]</c>, so <c>FHessian</c> and <c>FHessianVectorProduct</c> are generated with its other members.
    /// <see cref="SecondOrderCallees"/>: for such a method, the models of the methods of this compilation whose pullbacks its gradient
    /// calls with varying arguments, or their pullbacks do, flattened like <see cref="ImplicitCallees"/>: each gets a hidden
    /// <c>FPullbackPushforward</c> (its pullback pushed forward along a direction), which the Hessian-vector product calls
    /// where the gradient calls the pullback.
    /// </summary>
    internal sealed record MethodModel(
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string Name,
        string Accessibility,
        bool IsStatic,
        TypeRef ReturnType,
        EquatableArray<ParameterModel> Parameters,
        Block Body,
        int NextVariableId,
        bool HasMathF,
        bool HasNullableAnnotations,
        string HintName,
        string DocumentationId,
        bool IsImplicit = false,
        EquatableArray<MethodModel> ImplicitCallees = default,
        bool Forward = false,
        EquatableArray<MethodModel> ForwardCallees = default,
        ModelParameter? This = null,
        VectorResult? Vector = null,
        GenericMethod? Generic = null,
        bool Hessian = false,
        EquatableArray<MethodModel> SecondOrderCallees = default)
    {
        /// <summary>The method returns a tuple of reals (<see cref="Vector"/> says which): it gets <c>FPullback</c> with a seed per
        /// element, <c>FJacobian</c> and a pushforward, and no <c>FGradient</c> or <c>FValueAndGradient</c>.</summary>
        public bool IsVectorValued => Vector is not null;

        /// <summary>Whether a pushforward body is built: for <c>Forward = true</c> (public), and for a vector-valued method, whose
        /// <c>FJacobian</c> may push forward one column at a time (hidden unless <c>Forward = true</c>).</summary>
        public bool NeedsPushforward => Forward || Vector is not null;

        public string JacobianName => GeneratedMembers.NameOf(Name, GeneratedMemberKind.Jacobian);

        public string GradientName => GeneratedMembers.NameOf(Name, GeneratedMemberKind.Gradient);

        public string ValueAndGradientName => GeneratedMembers.NameOf(Name, GeneratedMemberKind.ValueAndGradient);

        public string PullbackName => GeneratedMembers.NameOf(Name, GeneratedMemberKind.Pullback);

        public string HessianName => GeneratedMembers.NameOf(Name, GeneratedMemberKind.Hessian);

        public string HessianVectorProductName => GeneratedMembers.NameOf(Name, GeneratedMemberKind.HessianVectorProduct);

        /// <summary>The hidden member that pushes a direction through this method's pullback (see <see cref="SecondOrderCallees"/>).</summary>
        public string PullbackPushforwardName => GeneratedMembers.PullbackPushforwardName(Name);

        public string PushforwardName => GeneratedMembers.NameOf(Name, GeneratedMemberKind.Pushforward);
    }
}
