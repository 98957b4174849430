"""Demo population school: one course per life stage plus policy, lessons, quizzes, classes.

The text is plain health education written for readers who read slowly; it is
demo content, checked against common public-health guidance, not medical advice.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Site

from . import permissions, services
from .models import (
    Choice,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LifeStage,
    Question,
    Quiz,
    TrainingClass,
)

# (slug, title, life stage, audience, minutes, overview, lessons, quiz)
# lesson: (slug, title, summary, paragraphs, callout or None)
# quiz: (title, [(question, multiple, [(answer, right, feedback)])]), on the last lesson
COURSES = [
    (
        "adolescence",
        "青春期的身体变化",
        LifeStage.ADOLESCENCE,
        "10 到 18 岁的孩子，和他们的家长",
        40,
        "孩子长大，身体和心情都会变。这门课讲清楚哪些变化是正常的，怎样照顾好自己，遇到危险怎么办。",
        [
            (
                "changes",
                "身体会发生哪些变化",
                "长高、变声、来月经，都是长大的信号。",
                [
                    "青春期一般从 10 岁到 14 岁开始，每个人早晚不一样，早一点晚一点都正常。",
                    "女孩：乳房慢慢发育，身高长得快，以后会来月经。",
                    "男孩：声音变粗，长出胡子，肩膀变宽，夜里可能遗精。",
                ],
                "心里有疑问，可以问爸爸妈妈、老师，或者社区卫生服务中心的医生。",
            ),
            (
                "hygiene",
                "月经和遗精都是正常的",
                "学会清洁和照顾自己。",
                [
                    "月经一般一个月来一次，每次三到七天。卫生巾两到四个小时换一次。",
                    "每天用温水清洗外阴，不需要用药水或者洗液。",
                    "男孩夜里遗精不是病，换下内裤洗干净就好。",
                ],
                "月经量特别多、肚子疼得受不了，要去医院看医生。",
            ),
            (
                "safety",
                "保护自己，学会说“不”",
                "你的身体属于你自己。",
                [
                    "内衣遮住的地方是隐私部位，别人不可以随便看、随便摸。",
                    "有人让你不舒服，要大声说“不”，马上离开，告诉你信任的大人。",
                    "这不是你的错。遇到危险，可以打 110 报警。",
                ],
                "大人要孩子“保守秘密”、不许告诉爸妈的事，一定要告诉爸妈。",
            ),
        ],
        (
            "青春期小测验",
            [
                (
                    "青春期的变化来得早一点或晚一点，正常吗？",
                    False,
                    [
                        ("正常，每个人不一样", True, "对。每个人开始的时间不一样。"),
                        ("不正常，一定是病", False, "不对。早一点晚一点都正常。"),
                    ],
                ),
                (
                    "卫生巾多长时间换一次比较好？",
                    False,
                    [
                        ("两到四个小时", True, "对。勤换更干净。"),
                        ("一整天换一次", False, "太久了，容易生病。"),
                    ],
                ),
                (
                    "有人摸你的隐私部位，让你不舒服，你应该怎么做？（可以选几个）",
                    True,
                    [
                        ("大声说“不”", True, "对。"),
                        ("马上离开，告诉信任的大人", True, "对。"),
                        ("保守秘密，谁也不说", False, "不对。这种事一定要说出来。"),
                    ],
                ),
            ],
        ),
    ),
    (
        "newly-married",
        "新婚夫妻的健康准备",
        LifeStage.NEWLY_MARRIED,
        "准备结婚和刚结婚的夫妻",
        45,
        "结婚是新生活的开始。这门课讲婚前检查、一起商量什么时候要孩子，以及怎样相互尊重。",
        [
            (
                "premarital-check",
                "婚前检查有什么用",
                "结婚前查一查，对两个人和以后的孩子都好。",
                [
                    "婚前检查可以早点发现一些传染病和会影响生育的病。",
                    "很多地方的婚前检查是免费的，带上身份证，到当地妇幼保健院问一问。",
                    "检查结果只告诉你们两个人，医生会保密。",
                ],
                None,
            ),
            (
                "family-plan",
                "夫妻一起商量生育计划",
                "什么时候要孩子，两个人一起定。",
                [
                    "想好什么时候要孩子，暂时不要就好好避孕。",
                    "准备怀孕的女性，从怀孕前三个月开始，每天吃一片 0.4 毫克的叶酸，"
                    "一直吃到怀孕满三个月。",
                    "叶酸可以减少孩子出生缺陷。社区卫生服务中心可以免费领。",
                ],
                "准备要孩子的时候，夫妻两个人都要戒烟戒酒。",
            ),
            (
                "respect",
                "相互尊重，拒绝家庭暴力",
                "家里的事好好商量，打人是违法的。",
                [
                    "夫妻平等，家务和照顾孩子两个人一起分担。",
                    "打人、骂人、威胁、不让对方出门，都是家庭暴力。我国有《反家庭暴力法》。",
                    "遇到家庭暴力，可以打 110 报警，也可以打妇女维权热线 12338，或者来居委会求助。",
                ],
                "家庭暴力不是家务事。求助不丢人。",
            ),
        ],
        (
            "新婚期小测验",
            [
                (
                    "准备怀孕的女性，叶酸应该从什么时候开始吃？",
                    False,
                    [
                        ("怀孕前三个月", True, "对。一直吃到怀孕满三个月。"),
                        ("生完孩子以后", False, "太晚了。叶酸要在怀孕前开始吃。"),
                        ("不用吃", False, "不对。叶酸可以减少出生缺陷。"),
                    ],
                ),
                (
                    "下面哪些是家庭暴力？（可以选几个）",
                    True,
                    [
                        ("打人", True, "对。"),
                        ("威胁对方", True, "对。"),
                        ("两个人好好商量家里的事", False, "这是好的做法，不是家庭暴力。"),
                    ],
                ),
                (
                    "遇到家庭暴力，可以打哪个电话求助？",
                    False,
                    [
                        ("110 或 12338", True, "对。也可以来居委会。"),
                        ("不能打电话，只能忍着", False, "不对。求助是你的权利。"),
                    ],
                ),
            ],
        ),
    ),
    (
        "pregnancy",
        "平安怀孕，顺利生产",
        LifeStage.PREGNANCY,
        "孕妇和她的家人",
        60,
        "怀孕以后该做什么？这门课讲建档、产检、危险信号，以及生完孩子以后怎样照顾妈妈和宝宝。",
        [
            (
                "register",
                "怀孕了，先建档",
                "早建档，早产检。",
                [
                    "知道怀孕后，最好在怀孕 13 周以前，到居住地的社区卫生服务中心建档，"
                    "领《母子健康手册》。",
                    "外地来的孕妇也可以在这里建档，带上身份证。",
                    "整个孕期至少要做 5 次产检，医生会告诉你每次的时间。",
                ],
                "产检的每一次都很重要，不要因为忙就不去。",
            ),
            (
                "danger-signs",
                "孕期要注意的危险信号",
                "出现这些情况，马上去医院。",
                [
                    "阴道出血或者流水。",
                    "头很疼、眼睛看不清、脸和手肿得厉害。",
                    "肚子剧烈疼痛，或者胎动明显变少。",
                ],
                "出现任何一种情况，不要等，马上去医院，或者打 120。",
            ),
            (
                "birth",
                "住院分娩和产后照顾",
                "到医院生孩子更安全。",
                [
                    "提前想好去哪家医院生，准备好身份证、《母子健康手册》和住院用品。",
                    "生完孩子后，社区医生会上门看望妈妈和宝宝。"
                    "产后 42 天，妈妈和宝宝要一起去医院检查。",
                    "宝宝出生后前 6 个月，最好只吃母乳。",
                ],
                None,
            ),
        ],
        (
            "孕产期小测验",
            [
                (
                    "怀孕后最好什么时候建档？",
                    False,
                    [
                        ("怀孕 13 周以前", True, "对。早建档，早产检。"),
                        ("快生的时候", False, "太晚了，会错过早期检查。"),
                    ],
                ),
                (
                    "下面哪些是要马上去医院的危险信号？（可以选几个）",
                    True,
                    [
                        ("阴道出血", True, "对。"),
                        ("胎动明显变少", True, "对。"),
                        ("有点想吃酸的", False, "这很常见，不是危险信号。"),
                    ],
                ),
                (
                    "宝宝出生后前 6 个月，最好吃什么？",
                    False,
                    [
                        ("只吃母乳", True, "对。"),
                        ("米汤", False, "不对。米汤没有宝宝需要的营养。"),
                    ],
                ),
            ],
        ),
    ),
    (
        "contraception",
        "选择适合自己的避孕方法",
        LifeStage.CONTRACEPTION,
        "暂时不想要孩子的夫妻和伴侣",
        40,
        "意外怀孕伤身体。这门课介绍常见的避孕方法，帮你和伴侣选一个合适的。",
        [
            (
                "methods",
                "常见的避孕方法",
                "方法很多，找适合自己的。",
                [
                    "常见的方法有：避孕套、放环（宫内节育器）、短效避孕药、皮下埋植。",
                    "不想再要孩子的夫妻，也可以考虑做结扎手术。",
                    "国家免费提供避孕药具。到社区卫生服务中心或者居委会就能领。",
                ],
                "选哪种方法，可以先问问医生，两个人一起商量。",
            ),
            (
                "condoms",
                "避孕套：简单又能防病",
                "唯一能同时防怀孕和防性病的方法。",
                [
                    "避孕套既能避孕，也能预防艾滋病和其他性病。",
                    "每次都用，从头到尾都要戴好。一个只用一次。",
                    "用之前看看有没有过期，包装有没有破。",
                ],
                None,
            ),
            (
                "emergency",
                "紧急避孕只是补救",
                "不能代替平时的避孕。",
                [
                    "忘了避孕或者避孕套破了，可以在 72 小时内吃紧急避孕药，越早越有效。",
                    "紧急避孕药不能经常吃，也不能预防性病。",
                    "多次人工流产会伤害身体，以后可能怀不上。平时要做好避孕。",
                ],
                "吃了紧急避孕药，下次月经推迟一周以上，要去医院检查。",
            ),
        ],
        (
            "避孕期小测验",
            [
                (
                    "哪种方法既能避孕，又能预防性病？",
                    False,
                    [
                        ("避孕套", True, "对。每次都要用。"),
                        ("紧急避孕药", False, "不对。紧急避孕药不能预防性病。"),
                        ("放环", False, "放环能避孕，但不能预防性病。"),
                    ],
                ),
                (
                    "紧急避孕药要在多长时间内吃？",
                    False,
                    [
                        ("72 小时内，越早越好", True, "对。"),
                        ("一个月内都可以", False, "不对。时间越长越没用。"),
                    ],
                ),
                (
                    "在哪里可以免费领避孕药具？（可以选几个）",
                    True,
                    [
                        ("社区卫生服务中心", True, "对。"),
                        ("居委会", True, "对。"),
                        ("只能自己花钱买", False, "不对。国家免费提供。"),
                    ],
                ),
            ],
        ),
    ),
    (
        "menopause",
        "平稳度过更年期",
        LifeStage.MENOPAUSE,
        "45 到 55 岁左右的女性和男性，以及他们的家人",
        40,
        "更年期是人生的一个阶段，不是病。这门课讲常见的变化，以及怎样吃、怎样动、什么时候看医生。",
        [
            (
                "what",
                "更年期是怎么回事",
                "了解变化，心里不慌。",
                [
                    "女性一般在 45 岁到 55 岁之间，月经变得不规律，慢慢停止。",
                    "常见的感觉有：突然发热出汗、睡不好、容易心烦。男性也会有类似的变化。",
                    "家人多体谅、多陪伴，心情会好很多。",
                ],
                None,
            ),
            (
                "healthy-life",
                "吃好、动好、睡好",
                "好习惯让身体更结实。",
                [
                    "多喝牛奶、多吃豆制品，补充钙，预防骨质疏松。",
                    "每周至少运动 150 分钟，比如快走、跳广场舞、打太极。",
                    "少吃盐，不抽烟，少喝酒。睡前少看手机。",
                ],
                None,
            ),
            (
                "checkups",
                "定期检查，别硬扛",
                "身体有变化，早点看医生。",
                [
                    "女性要定期做乳腺癌和宫颈癌筛查（两癌筛查），很多地方对适龄女性免费。",
                    "月经已经停了一年以上，又出现阴道出血，一定要去医院。",
                    "需不需要用激素类的药，要听医生的，不要自己乱买药。",
                ],
                "两癌筛查怎么预约，可以问社区卫生服务中心。",
            ),
        ],
        (
            "更年期小测验",
            [
                (
                    "更年期是一种病吗？",
                    False,
                    [
                        ("不是，是人生的一个阶段", True, "对。"),
                        ("是，必须吃药", False, "不对。要不要吃药，听医生的。"),
                    ],
                ),
                (
                    "怎样预防骨质疏松？（可以选几个）",
                    True,
                    [
                        ("多喝牛奶，多吃豆制品", True, "对。"),
                        ("经常运动", True, "对。"),
                        ("多抽烟", False, "不对。抽烟伤骨头。"),
                    ],
                ),
                (
                    "月经停了一年以上，又出现阴道出血，应该怎么办？",
                    False,
                    [
                        ("去医院检查", True, "对。一定要查清楚。"),
                        ("不用管", False, "不对。这可能是病的信号。"),
                    ],
                ),
            ],
        ),
    ),
    (
        "policy",
        "流动人口生育和健康服务政策",
        LifeStage.POLICY,
        "外来务工人员和他们的家庭",
        30,
        "在这里工作和生活，也能享受很多免费的服务。这门课讲生育登记、基本公共卫生服务和居住证。",
        [
            (
                "registration",
                "三孩政策和生育登记",
                "生孩子前后，做好登记。",
                [
                    "国家实行三孩生育政策：一对夫妻可以生育三个子女。",
                    "生育登记是免费的，可以在现在住的地方办，很多地方也可以在手机上办。",
                    "不用为了登记专门回老家。",
                ],
                None,
            ),
            (
                "public-health",
                "在居住地也能享受的免费服务",
                "外地人和本地人一样。",
                [
                    "在居住地可以建立健康档案。",
                    "孩子可以免费打国家规定的疫苗，孕妇可以免费建档。",
                    "避孕药具也免费领。去的时候带上身份证或者居住证。",
                ],
                "不知道去哪里办，就来居委会问。",
            ),
            (
                "residence-permit",
                "居住证和孩子上学",
                "办好居住证，办事更方便。",
                [
                    "在城市住满半年，有稳定的工作或者住处，就可以申请居住证。",
                    "有了居住证，孩子可以在这里申请上学，也能办更多公共服务。",
                    "具体要准备哪些材料，可以问居委会或者派出所。",
                ],
                None,
            ),
        ],
        (
            "政策小测验",
            [
                (
                    "现在一对夫妻可以生育几个子女？",
                    False,
                    [
                        ("三个", True, "对。国家实行三孩生育政策。"),
                        ("只能一个", False, "不对，这是以前的政策。"),
                    ],
                ),
                (
                    "办生育登记要回老家吗？",
                    False,
                    [
                        ("不用，在现在住的地方就能办", True, "对。"),
                        ("一定要回老家", False, "不对。"),
                    ],
                ),
                (
                    "外地来的居民在这里可以享受哪些免费服务？（可以选几个）",
                    True,
                    [
                        ("孩子打国家规定的疫苗", True, "对。"),
                        ("领避孕药具", True, "对。"),
                        ("什么都不能享受", False, "不对。很多服务外地人也能享受。"),
                    ],
                ),
            ],
        ),
    ),
]

# (title, course slug, days from today, hour, place, places)
CLASSES = [
    ("避孕知识小课堂", "contraception", 1, 19, "社区活动室（柳林路 18 号二楼）", 20),
    ("新婚夫妻健康讲座", "newly-married", 7, 19, "社区活动室（柳林路 18 号二楼）", 30),
    ("孕妇课堂：产检和营养", "pregnancy", 10, 15, "社区卫生服务中心三楼会议室", 3),
]


def build(context):
    author = context.user("13800138002")
    home = Site.objects.get(is_default_site=True).root_page
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="人口学校",
                slug="school",
                owner=author,
                introduction="按人生的不同阶段学健康知识。外地人和本地人一起学，免费，不用登录也能看。",
            )
        )
        index.save_revision(user=author).publish()
    permissions.setup(index)
    courses = {}
    for slug, title, stage, audience, minutes, overview, lessons, quiz in COURSES:
        course = _page(
            index,
            CoursePage,
            author,
            slug=slug,
            title=title,
            life_stage=stage,
            audience=audience,
            duration_minutes=minutes,
            overview=f"<p>{overview}</p>",
        )
        courses[slug] = course
        for lesson_slug, lesson_title, summary, paragraphs, callout in lessons:
            body = [("paragraph", f"<p>{text}</p>") for text in paragraphs]
            if callout:
                body.append(("callout", {"kind": "warning", "text": f"<p>{callout}</p>"}))
            lesson = _page(
                course,
                LessonPage,
                author,
                slug=lesson_slug,
                title=lesson_title,
                summary=summary,
                duration_minutes=max(minutes // len(lessons), 5),
                body=body,
            )
        _quiz(lesson, author, *quiz)
    _classes(courses, context)
    # Quizzes saved before they had revisions: give them a published one (idempotent).
    for quiz in Quiz.objects.filter(live=True, live_revision__isnull=True):
        quiz.save_revision(user=author).publish()
    liu = context.user("13800138004")
    services.complete_lesson(liu, courses["menopause"].lessons().first())


def _page(parent, model, author, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, owner=author, **fields))
        page.save_revision(user=author).publish()
    return page


def _quiz(lesson, author, title, questions):
    if Quiz.objects.filter(lesson=lesson).exists():
        return
    quiz = Quiz(lesson=lesson, title=title, pass_mark=60)
    quiz.questions = [
        Question(
            text=text,
            multiple=multiple,
            choices=[
                Choice(text=answer, correct=right, feedback=feedback)
                for answer, right, feedback in answers
            ],
        )
        for text, multiple, answers in questions
    ]
    quiz.save()
    quiz.save_revision(user=author).publish()


def _classes(courses, context):
    today = timezone.localdate()
    for title, slug, days, hour, place, capacity in CLASSES:
        starts_at = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))
        training_class, created = TrainingClass.objects.get_or_create(
            title=title,
            defaults={
                "course": courses[slug],
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=1, minutes=30),
                "place": place,
                "capacity": capacity,
            },
        )
        if created:
            # Small classes fill up, to show the waiting list.
            for resident in context.residents[: capacity + 2 if capacity < 5 else 2]:
                services.register(training_class, resident)
