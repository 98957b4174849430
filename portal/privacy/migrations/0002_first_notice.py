"""The first privacy notice, in Chinese and English, in force from the start. Superusers
change it by adding a new version in the admin (Settings → Privacy notice)."""

from datetime import datetime, timedelta, timezone

from django.db import migrations

EFFECTIVE_AT = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8)))

ZH_TITLE = "个人信息保护告知书"
ZH_BODY = """
<p>“议事”是社区居委会为居民（包括流动人口）开设的网上议事平台。本告知书依据《中华人民共和国个人信息保护法》说明：我们收集您的哪些个人信息、为什么收集、保存多久、谁能看到，以及您如何行使自己的权利。个人信息处理者是运营本平台的社区居委会（下称“我们”）。</p>
<h2>我们收集什么，为什么</h2>
<ul>
<li><b>手机号码</b>：用于注册、登录和接收验证码；只有您本人、您所在社区的工作人员和系统管理员能看到，不会向其他居民显示。</li>
<li><b>显示名称</b>：其他居民在评论、议题和会议纪要中看到的是这个名字，而不是您的手机号码。</li>
<li><b>所在社区和居民核实</b>：社区工作人员核实您是本社区居民后，您才能在季度议事中表决；我们记录由谁、在何时核实。</li>
<li><b>评论、点赞和举报</b>：您发表的内容公开显示您的显示名称。发表评论时的网络地址（IP 地址）只用于处理滥用，保存 90 天后抹去。</li>
<li><b>议题和建议</b>：您提交到议事箱的事项及其处理过程。</li>
<li><b>表决</b>：实行无记名投票。我们只记录“您已在某事项上投过票”（用于一人一票和统计参与率），选票本身与您的身份分开保存，仅通过一个不存放在数据库中的密钥关联，以便您修改自己的选票。任何页面、导出文件、工作人员，乃至数据库副本，都不能看出您投了什么。</li>
<li><b>居民公约的认同</b>：您认同了哪一版公约、在何时。</li>
<li><b>人口学校的学习记录</b>：报名的课程和班次、学习进度、测验答题、证书。这些只有您本人能看到；工作人员只能看到汇总人数，不足 5 人的组只显示“少于 5 人”。</li>
<li><b>协会成员身份和会议纪要</b>：您加入的协会、担任的职务、您撰写的纪要和上传的签到表照片（照片中的位置信息会被去除）。</li>
<li><b>站内通知</b>：有人回复您、事项有了进展等提醒。</li>
<li><b>最近登录时间和操作日志</b>：我们记录您最近一次登录的时间。工作人员对居民的操作（核实、调整社区、处理评论、查看成员名单等）都会写入审计日志，记录操作人、时间和网络地址。</li>
<li><b>同意记录</b>：您同意了本告知书的哪一版、在何时；您对敏感个人信息单独给予或撤回的同意。</li>
</ul>
<h2>敏感个人信息和不满 14 周岁的未成年人</h2>
<p>健康检查预约、困难家庭求助等涉及健康、经济状况等敏感个人信息的服务，会在使用前单独说明用途并征得您的单独同意，您可以随时在“我的同意”中撤回。不满 14 周岁的未成年人不能自行注册，须由其父母或其他监护人到社区居委会同意后，由工作人员代为登记。</p>
<h2>保存多久</h2>
<ul>
<li>账户信息、同意记录：在您的账户存在期间保存。</li>
<li>评论时的 IP 地址：90 天后抹去，评论本身保留。</li>
<li>验证码发送记录（只存加密摘要，不存号码和验证码）：1 天。</li>
<li>登录会话：过期后即删除（最长两周）。</li>
<li>已读的站内通知：读后 180 天删除。</li>
<li>工作人员操作的审计日志：一年（至少六个月）。</li>
</ul>
<h2>谁能看到</h2>
<p>其他居民只能看到您的显示名称和您公开发表的内容。本社区工作人员可以看到您的手机号码、核实状态和所在社区，以便为您服务；协会负责人可以看到本协会的成员。我们不出售、不出租您的个人信息，不用于广告，也不向境外提供。短信服务商只收到您的手机号码和短信内容。页面不从其他网站加载字体、脚本或图片。</p>
<h2>您的权利</h2>
<p>您有权查阅、复制、更正和补充您的个人信息，有权要求删除，有权撤回同意、注销账户，并有权要求我们解释处理规则。您可以在“我的资料”中修改显示名称、社区和邮箱，在“我的同意”中查看和撤回同意；其他请求请到您所在的社区居委会办理，我们在 15 个工作日内答复。</p>
<p>本告知书更新时，我们会在您下次登录时请您阅读并重新同意。</p>
"""

EN_TITLE = "Privacy notice"
EN_BODY = """
<p>Yishi is the online discussion portal that your residents' committee runs for the residents of its community, migrant residents included. Under the Personal Information Protection Law of the People's Republic of China, this notice says what personal information we collect, why, how long we keep it, who sees it, and how you exercise your rights. The residents' committee that runs the portal ("we") is responsible for it.</p>
<h2>What we collect, and why</h2>
<ul>
<li><b>Your mobile number</b>: to sign up, sign in and receive codes. Only you, your community's staff and the portal's administrators see it; other residents never do.</li>
<li><b>Your display name</b>: the name other residents see on your comments, matters and minutes, instead of your number.</li>
<li><b>Your community and verification</b>: community staff verify that you live in the community before you can vote in a quarterly session; we record who verified you and when.</li>
<li><b>Comments, likes and flags</b>: what you post shows your display name. The network (IP) address a comment was posted from is used only to deal with abuse, and is erased after 90 days.</li>
<li><b>Matters and suggestions</b> you send to the suggestion box, and how they were handled.</li>
<li><b>Votes</b>: the ballot is secret. We record only that you have voted on a matter (for one vote per person and for turnout); the ballot itself is stored apart from you, linked only through a key that is not kept in the database, so that you can change your vote. No page, export, staff member, or even a copy of the database shows how you voted.</li>
<li><b>Adopting the residents' covenant</b>: which version you adopted, and when.</li>
<li><b>Your learning at the population school</b>: course and class enrolments, progress, quiz answers and certificates. Only you see them; staff see totals only, and a group of fewer than 5 people shows as "fewer than 5".</li>
<li><b>Associations and minutes</b>: the associations you belong to, your role, the minutes you write and the photos of sign-in sheets you upload (location data is removed from photos).</li>
<li><b>Notifications</b>: replies to you, progress on matters, reminders.</li>
<li><b>Your last sign-in and the audit log</b>: we record when you last signed in. Every action staff take about a resident (verifying, moving between communities, moderating, reading member lists, …) is logged with who, when and from which network address.</li>
<li><b>Your consents</b>: which version of this notice you agreed to and when; the separate consents you gave or withdrew for sensitive personal information.</li>
</ul>
<h2>Sensitive personal information and children under 14</h2>
<p>Services that use sensitive personal information, such as booking a health check-up or asking for help for a family in difficulty, explain their purpose first and ask for your separate consent, which you can withdraw at any time under "My consents". Children under 14 cannot sign up themselves: staff register them at the residents' committee with the consent of a parent or guardian.</p>
<h2>How long we keep it</h2>
<ul>
<li>Your account and your consents: as long as your account exists.</li>
<li>IP addresses of comments: erased after 90 days; the comment stays.</li>
<li>Records of texts with codes (only keyed digests, never the number or the code): 1 day.</li>
<li>Sign-in sessions: deleted once expired (two weeks at most).</li>
<li>Notifications you have read: deleted 180 days after reading.</li>
<li>The audit log of staff actions: one year (at least six months).</li>
</ul>
<h2>Who sees it</h2>
<p>Other residents see only your display name and what you post publicly. Your community's staff see your mobile number, verification and community, to serve you; association leaders see their association's members. We never sell or rent your personal information, never use it for advertising, and never send it abroad. The SMS provider receives only your number and the text of the message. Pages load no fonts, scripts or images from other sites.</p>
<h2>Your rights</h2>
<p>You may see, copy, correct and complete your personal information, ask for it to be deleted, withdraw your consent, close your account, and ask us to explain how we handle it. Change your display name, community and e-mail under "My profile", and see or withdraw your consents under "My consents"; for anything else, come to your residents' committee. We answer within 15 working days.</p>
<p>When this notice changes, we ask you to read it and agree again the next time you sign in.</p>
"""


def create(apps, schema_editor):
    PrivacyNotice = apps.get_model("privacy", "PrivacyNotice")
    PrivacyNoticeText = apps.get_model("privacy", "PrivacyNoticeText")
    if PrivacyNotice.objects.exists():
        return
    notice = PrivacyNotice.objects.create(version=1, effective_at=EFFECTIVE_AT)
    PrivacyNoticeText.objects.create(
        notice=notice, language="zh-hans", title=ZH_TITLE, body=ZH_BODY.strip(), sort_order=0
    )
    PrivacyNoticeText.objects.create(
        notice=notice, language="en", title=EN_TITLE, body=EN_BODY.strip(), sort_order=1
    )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
