using System.Globalization;

namespace EcoValue.Api.Features.Portal;

/// <summary>One portal text in both languages the product speaks (DESIGN.md: zh-CN and en).</summary>
public sealed record Text(string En, string Zh)
{
    public string In(bool zh) => zh ? Zh : En;

    /// <summary>The text with <c>{0}</c>, <c>{1}</c>… filled in (invariant number formatting).</summary>
    public string Format(bool zh, params object?[] args) => string.Format(CultureInfo.InvariantCulture, In(zh), args);
}

/// <summary>
/// Every word the farmer portal shows, English and Chinese side by side, in one table so a translator reviews one
/// file. Validation messages come from the domain (<c>FieldError.En/Zh</c>); only the portal's own words live here.
/// </summary>
public static partial class PortalText
{
    // Frame
    public static readonly Text PortalName = new("Farmer portal", "农户门户");
    public static readonly Text SkipToContent = new("Skip to content", "跳到正文");
    public static readonly Text OtherLanguage = new("中文", "English");
    public static readonly Text SignedInAs = new("Signed in as {0}", "当前用户：{0}");
    public static readonly Text Footer = new("Every entry becomes a record, hashed and anchored on chain: information anyone can look up, quality traceable to the plot.", "每条信息都会成为一条记录，计算哈希并锚定上链：信息可查询、质量可追溯、责任可追查。");
    public static readonly Text NavHome = new("Home", "首页");
    public static readonly Text NavProducer = new("Producer", "生产主体");
    public static readonly Text NavPlots = new("Plots", "地块");
    public static readonly Text NavBatches = new("Batches", "批次");
    public static readonly Text MainNavigation = new("Main", "主导航");

    // Sign-in, sign-up, sign-out
    public static readonly Text SignIn = new("Sign in", "登录");
    public static readonly Text SignOut = new("Sign out", "退出登录");
    public static readonly Text Username = new("Username", "用户名");
    public static readonly Text Password = new("Password", "密码");
    public static readonly Text PasswordAgain = new("Password again", "再次输入密码");
    public static readonly Text PasswordsDiffer = new("The two passwords differ.", "两次输入的密码不一致。");
    public static readonly Text NoAccount = new("New here? Sign up your farm or cooperative.", "还没有账号？为您的农场或合作社注册。");
    public static readonly Text HaveAccount = new("Already signed up? Sign in.", "已有账号？去登录。");
    public static readonly Text SignUp = new("Sign up", "注册");
    public static readonly Text SignUpTitle = new("Sign up a producer", "注册生产主体");
    public static readonly Text SignUpIntro = new("Create your account and register your farm, cooperative or company. An administrator checks the registration; meanwhile you can already record plots and batches.", "创建账号并登记您的农场、合作社或企业。管理员会审核登记信息；审核期间您已可以录入地块和批次。");
    public static readonly Text AccountPart = new("Your account", "账号");
    public static readonly Text ProducerPart = new("Your producer", "生产主体");
    public static readonly Text ContactPart = new("Contact (private: only a salted digest enters the public record)", "联系方式（保密：公开记录中只含加盐摘要）");
    public static readonly Text AwaitingApprovalTitle = new("Registered: awaiting approval", "注册成功：等待审核");
    public static readonly Text AwaitingApprovalText = new("Account {0} and producer {1} are registered. The producer awaits approval by an administrator; until then nothing it registers can carry a brand. You can sign in and record plots and batches now.", "账号 {0} 与生产主体 {1} 已注册。生产主体正在等待管理员审核，审核通过前其登记的产品不能使用品牌。您现在即可登录并录入地块和批次。");
    public static readonly Text SignedOutTitle = new("Sign out", "退出登录");
    public static readonly Text SignOutQuestion = new("Sign out of the portal on this device?", "要在此设备上退出门户吗？");
    public static readonly Text ForbiddenTitle = new("Not available for your account", "您的账号无法使用此功能");
    public static readonly Text ForbiddenText = new("This page is not open to your account. The portal serves farmers, certifiers, buyers and administrators, each with their own pages; sign out and sign in with another account if you need this one.", "您的账号无法打开此页面。门户为农户、认证人员、采购商和管理员分别提供各自的页面；如需使用此页面，请退出后使用相应账号登录。");
    public static readonly Text TooManyTitle = new("Too many attempts", "尝试次数过多");
    public static readonly Text TooManyText = new("Too many attempts from this address. Wait {0} seconds, then try again.", "来自该地址的尝试过多，请等待 {0} 秒后重试。");
    public static readonly Text CreditCodeTaken = new("A producer with this credit code is already registered.", "已有生产主体使用此统一社会信用代码注册。");
    public static readonly Text UsernameRequired = new("A username is required.", "请填写用户名。");
    public static readonly Text PasswordRequired = new("A password is required.", "请填写密码。");
    public static readonly Text TryAgain = new("Back to sign-in", "返回登录");

    // Generic
    public static readonly Text NotFoundTitle = new("Not found", "未找到");
    public static readonly Text NotFoundText = new("There is nothing here, or it belongs to another producer.", "此处没有内容，或该内容属于其他生产主体。");
    public static readonly Text BackHome = new("Back to the home page", "返回首页");
    public static readonly Text Save = new("Save", "保存");
    public static readonly Text SaveCorrection = new("Save correction", "保存更正");
    public static readonly Text Saved = new("Saved. The change is a new record; it shows as pending until it is anchored on chain.", "已保存。此次修改是一条新记录，上链锚定前显示为“待上链”。");
    public static readonly Text Added = new("Added. The entry is a new record; it shows as pending until it is anchored on chain.", "已添加。该条目是一条新记录，上链锚定前显示为“待上链”。");
    public static readonly Text FixErrors = new("Please correct {0} problem(s):", "请修改以下 {0} 处问题：");
    public static readonly Text Filter = new("Filter", "筛选");
    public static readonly Text ClearFilter = new("Clear", "清除");
    public static readonly Text NextPage = new("Next page", "下一页");
    public static readonly Text FirstPage = new("First page", "第一页");
    public static readonly Text None = new("None yet.", "暂无。");
    public static readonly Text NotANumber = new("must be a number, e.g. 12.5", "应为数字，例如 12.5");
    public static readonly Text ChangedMeanwhile = new("Someone saved a change meanwhile (now version {0}). Your input is kept below; check the current values and save again.", "此期间已有他人保存了修改（当前版本 {0}）。您的输入保留如下，请核对当前内容后再次保存。");
    public static readonly Text ChooseProducer = new("Choose a producer", "选择生产主体");
    public static readonly Text ChooseProducerText = new("As an administrator you may browse every producer. Choose one:", "管理员可以浏览所有生产主体，请选择：");
    public static readonly Text NoProducer = new("This account belongs to no producer.", "此账号未关联任何生产主体。");
    public static readonly Text Version = new("Version", "版本");

    // Anchoring
    public static readonly Text Pending = new("pending", "待上链");
    public static readonly Text Anchored = new("anchored", "已上链");
    public static readonly Text PendingHint = new("Recorded; waiting for the next anchoring window.", "已记录，等待下一个锚定窗口。");
    public static readonly Text AnchoredHint = new("Its Merkle root is confirmed on chain.", "其默克尔根已在链上确认。");
    public static readonly Text Record = new("Record", "记录");
    public static readonly Text Proof = new("proof", "证明");
    public static readonly Text AutoRefresh = new("Some entries are still pending; this page reloads itself every {0} seconds until they are anchored.", "部分记录仍待上链；本页面每 {0} 秒自动刷新，直至全部上链。");
}
